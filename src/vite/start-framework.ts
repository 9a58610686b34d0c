import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/**
 * Which TanStack Start the app builds with, and which release: read from the Vite config's
 * plugins (each framework's `tanstackStart()` names its own config plugin) and from the package
 * installed where the app resolves it. The served modules (the runtime, the guard) import
 * `createMiddleware` from that package, so it must be the app's own: a repository may hold more
 * than one Start (a React playground beside a Solid app), and the first one found is not the
 * one the app runs.
 */

export type StartFramework = 'react' | 'solid' | 'vue'

export interface StartRelease {
  framework: StartFramework
  /** `@tanstack/<framework>-start`. */
  package: string
  /** The installed release, `1.168.55`. */
  version: string
}

/** `tanstack-solid-start:config`: the first plugin of each framework's `tanstackStart()`. */
const FRAMEWORK_PLUGIN = /^tanstack-(react|solid|vue)-start:config$/

/**
 * The oldest release of each framework's Start that the version matrix (`npm run test:matrix`)
 * built and called over HTTP: older ones compile server functions in ways serverfn-auth was not
 * proved against, and are refused (SFA505). Releases up to the next major are accepted.
 */
export const OLDEST_SUPPORTED: Readonly<Record<StartFramework, string>> = {
  react: '1.149.0',
  solid: '1.149.1',
  vue: '1.167.16',
}

export const FRAMEWORK_NAMES: Readonly<Record<StartFramework, string>> = { react: 'React', solid: 'Solid', vue: 'Vue' }

/** The framework whose `tanstackStart()` is in the config, or null when none of the three is. */
export function startFrameworkOf(pluginNames: readonly string[]): StartFramework | null {
  for (const name of pluginNames) {
    const match = FRAMEWORK_PLUGIN.exec(name)
    if (match) return match[1] as StartFramework
  }
  return null
}

/** The Start the config builds with, or why it cannot be used (SFA505). */
export function startReleaseOf(pluginNames: readonly string[], root: string): StartRelease | { problem: string } {
  const framework = startFrameworkOf(pluginNames)
  if (!framework) {
    const start = pluginNames.filter((name) => /^tanstack-[\w-]*start[\w-]*:config$/.test(name))
    return { problem: `serverfn-auth supports TanStack Start for React, Solid and Vue; the Start plugin in this config (${start.join(', ') || 'no config plugin'}) is none of them.` }
  }
  const pkg = `@tanstack/${framework}-start`
  const version = installedVersion(pkg, root)
  if (!version) return { problem: `The config uses ${FRAMEWORK_NAMES[framework]} Start, but ${pkg} cannot be found from ${root}, so neither its release nor the module the runtime imports \`createMiddleware\` from can be known.` }
  const release: StartRelease = { framework, package: pkg, version }
  const problem = unsupportedRelease(release)
  return problem ? { problem } : release
}

/** The version of `pkg` as Node resolves it from `root`; null when it cannot be found. */
export function installedVersion(pkg: string, root: string): string | null {
  try {
    const manifest = createRequire(join(root, 'package.json')).resolve(`${pkg}/package.json`)
    const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version
    return typeof version === 'string' ? version : null
  } catch {
    return null
  }
}

/** Why a release cannot be used, or null when it is supported. */
export function unsupportedRelease(release: StartRelease): string | null {
  const oldest = OLDEST_SUPPORTED[release.framework]
  const version = parseVersion(release.version)
  if (!version) return `${release.package} reports the version ${JSON.stringify(release.version)}, which is not a release number serverfn-auth can compare.`
  if (version[0] !== 1) return `${release.package} ${release.version} is a major release serverfn-auth was not tested with (it supports ${oldest} up to 2.0.0).`
  if (compareVersions(version, parseVersion(oldest)!) < 0) {
    return `${release.package} ${release.version} is older than ${oldest}, the oldest release serverfn-auth was tested with: its server function compiler may emit what serverfn-auth cannot verify.`
  }
  return null
}

/** `1.168.55-beta.1` → [1, 168, 55]; prereleases compare as their release. */
function parseVersion(version: string): [number, number, number] | null {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version)
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

/** `Solid Start 1.168.55 (@tanstack/solid-start)`: the line the reports print. */
export function describeRelease(release: StartRelease): string {
  return `${FRAMEWORK_NAMES[release.framework]} Start ${release.version} (${release.package})`
}
