import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { cleanModuleId, type DependencyContext, type ProjectHost } from '../core/index.ts'
import { packageNameOf } from './dependencies.ts'
import type { ModuleSources } from './module-sources.ts'
import type { ResolvedDependencyRule } from './options.ts'
import type { ResolveFn } from './session-module.ts'

/**
 * The core's project host over Vite: resolving with the environment's resolver (so aliases and
 * `exports` maps resolve as they do in the build), reading modules from disk once per build, and
 * the app's rules for packages.
 */

/** Packages that may declare or re-export server functions: they depend on TanStack Start. */
const START_DEPENDENCY = /^@tanstack\/(?:(?:react|solid|vue)-start|start-client-core|start)$/

/** TanStack Start's own packages: they define server functions, they declare none of the app's. */
const START_OWN_PACKAGE = /^@tanstack\/(?:(?:react|solid|vue)-start(?:-[a-z-]+)?|start(?:-[a-z-]+)?)$/

/**
 * Whether a module can declare none of the app's server functions, decided without reading it:
 * it belongs to a package that does not depend on TanStack Start (React, seroval, a UI kit), or
 * to TanStack Start itself. The transform leaves such modules alone (React DOM alone is 600 kB to
 * parse), as the analysis never reads them to answer imports. Start bundles into the server only
 * the packages that depend on it (the others stay external there), so no endpoint of such a
 * package is served; one TanStack registered all the same would fail the cross-check (SFA601).
 */
export function createPackageFilter(): (file: string) => boolean {
  const dependence = createStartDependence()
  return (file) => {
    const owner = dependence(file)
    if (!owner) return false
    return START_OWN_PACKAGE.test(owner.pkg) || !owner.dependent
  }
}

/**
 * The package a file belongs to and whether it depends on TanStack Start (read from its
 * manifest once per package root); null for the app's own files.
 */
function createStartDependence(): (file: string) => { pkg: string; dependent: boolean } | null {
  const startDependent = new Map<string, boolean>()
  return (file) => {
    const pkg = packageNameOf(file)
    if (!pkg) return null
    const root = packageRoot(file, pkg)
    let dependent = startDependent.get(root)
    if (dependent === undefined) startDependent.set(root, (dependent = dependsOnStart(root)))
    return { pkg, dependent }
  }
}

export interface HostOptions {
  resolve: () => ResolveFn
  sources: ModuleSources
  dependencies: ReadonlyMap<string, ResolvedDependencyRule>
}

export function createAnalyzerHost(options: HostOptions): ProjectHost {
  const dependence = createStartDependence()
  return {
    async resolve(specifier, importer) {
      const resolved = await options.resolve()(specifier, importer).catch(() => null)
      if (!resolved) return null
      if (resolved.external) return 'external'
      // Virtual modules (`\0…`) are read by nobody: the answer is "cannot follow".
      return cleanModuleId(resolved.id)
    },
    async read(file) {
      if (file.startsWith('\0')) return null
      return options.sources.read(file)
    },
    exportsNothing(file) {
      const owner = dependence(file)
      return owner !== null && !owner.dependent
    },
    dependency(file): DependencyContext | null {
      const pkg = packageNameOf(file)
      if (!pkg) return null
      const rule = options.dependencies.get(pkg)
      return { package: pkg, rule: rule ? { access: toAccess(rule.access), exports: new Map([...rule.exports].map(([name, value]) => [name, toAccess(value)])) } : null }
    },
  }
}

function toAccess(rule: ResolvedDependencyRule['access']) {
  return rule.access === 'public' ? { kind: 'public' as const, reason: rule.reason } : { kind: 'protected' as const }
}

/** `…/node_modules/<pkg>` for a file inside it. */
function packageRoot(file: string, pkg: string): string {
  const normalized = file.replace(/\\/g, '/')
  const marker = `/node_modules/${pkg}/`
  const index = normalized.lastIndexOf(marker)
  return index < 0 ? dirname(file) : normalized.slice(0, index + marker.length - 1)
}

function dependsOnStart(root: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>
    const names = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {}))
    return names.some((name) => START_DEPENDENCY.test(name))
  } catch {
    // Without a manifest nothing proves the package harmless: read it.
    return true
  }
}
