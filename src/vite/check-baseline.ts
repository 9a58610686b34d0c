import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { Logger } from 'vite'
import {
  BaselineFormatError,
  baselineEntries,
  compareBaseline,
  describeBaseline,
  formatBaselineDiff,
  isEmptyDiff,
  parseBaseline,
  serializeBaseline,
  UPDATE_BASELINE_ENV,
} from '../report/baseline.ts'
import { formatProblem } from '../report/format-diagnostics.ts'
import type { InventoryEntry, ServerRouteEntry } from '../report/inventory.ts'

/**
 * Compares the build's public and optional-session endpoints (server functions and server route
 * methods), and the roles its endpoints require, with the committed baseline. Returns the problem
 * to fail the build with, or null. With `SERVERFN_AUTH_UPDATE_BASELINE=1` it rewrites the file
 * instead.
 */
export async function checkBaseline(
  path: string,
  root: string,
  inventory: readonly InventoryEntry[],
  serverRoutes: readonly ServerRouteEntry[],
  logger: Logger,
): Promise<string | null> {
  const file = resolve(root, path)
  const current = baselineEntries(inventory, serverRoutes)
  if (process.env[UPDATE_BASELINE_ENV] === '1') {
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, serializeBaseline(current))
    logger.info(`serverfn-auth: wrote ${describeBaseline(current)} to ${path}; review and commit it.`)
    return null
  }
  const update = `Run \`${UPDATE_BASELINE_ENV}=1 vite build\` to rewrite ${path}, review the difference, and commit it.`
  const text = await readFile(file, 'utf8').catch(() => null)
  if (text === null) {
    return formatProblem('SFA602', `The baseline ${path} does not exist, and the build has ${describeBaseline(current)} to review. ${update}`)
  }
  let expected
  try {
    expected = parseBaseline(text)
  } catch (error) {
    if (!(error instanceof BaselineFormatError)) throw error
    return formatProblem('SFA602', `The baseline ${path} cannot be read: ${error.message}. ${update}`)
  }
  const diff = compareBaseline(expected, current)
  if (isEmptyDiff(diff)) return null
  return `${formatProblem('SFA602', `The public, optional and role-protected endpoints differ from the baseline ${path}:`)}\n${formatBaselineDiff(diff)}\n  ${update}`
}
