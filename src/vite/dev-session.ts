import { readFile } from 'node:fs/promises'
import type { DevEnvironment, ViteDevServer } from 'vite'
import { mayContainServerFn } from '../core/index.ts'
import { DevProblems } from './dev-problems.ts'
import { forceDevSummary } from './dev-summary.ts'
import type { PluginState } from './plugin-state.ts'

const SCRIPT_FILE = /\.[cm]?[jt]sx?$/i

/**
 * One `vite dev` session: its problems, and the checks that keep them current. A module with
 * problems does not load, so waiting for a request to find out whether it was fixed would leave
 * the page broken: every change is checked at once in the server environments, and so is every
 * file that still has problems (its problem may have been in the module it imports).
 */
export class DevSession {
  readonly problems: DevProblems
  private pending: Promise<void> = Promise.resolve()
  private debounce: (Deferred & { timer?: NodeJS.Timeout }) | null = null
  private readonly changed = new Set<string>()

  constructor(
    private readonly state: PluginState,
    private readonly server: ViteDevServer,
  ) {
    const { logger } = state.config
    const client = server.environments.client
    this.problems = new DevProblems(
      state.config.root,
      {
        problems: (text) => logger.error(text, { timestamp: true }),
        fixed: (file, remaining) => {
          if (remaining) {
            logger.info(`serverfn-auth: ${file} is fixed; ${remaining} problem${remaining === 1 ? '' : 's'} left`, { timestamp: true })
            return
          }
          logger.info(`serverfn-auth: no problems left (${file} is fixed)`, { timestamp: true })
          const build = this.serverEnvironments().map((environment) => state.existing(environment.name)?.build).find(Boolean)
          if (build) forceDevSummary(state, build)
        },
        notify: (overlay) => client?.hot.send(overlay ? { type: 'error', err: overlay } : { type: 'full-reload', path: '*' }),
      },
      state.colors,
    )
  }

  /** Checks the modules that may declare server functions, as soon as they are found (start-up). */
  warm(files: Promise<readonly string[]>): void {
    this.pending = this.pending.then(async () => this.check(await files))
  }

  /** A file changed on disk (Vite's watcher): check it, and every file with problems, soon. */
  fileChanged(file: string, event: 'create' | 'update' | 'delete'): void {
    if (event === 'delete') {
      this.problems.forget(file)
      return
    }
    if (!SCRIPT_FILE.test(file)) return
    this.changed.add(file)
    this.debounce ??= deferred()
    clearTimeout(this.debounce.timer)
    // After Vite has invalidated its module graphs, which it does once every watchChange hook has
    // returned; editors that write a file twice are checked once.
    this.debounce.timer = setTimeout(() => {
      const done = this.debounce!
      this.debounce = null
      this.queue([...new Set([...this.changed, ...this.problems.files()])])
      this.changed.clear()
      void this.pending.then(done.resolve)
    }, 25)
    this.debounce.timer.unref?.()
  }

  /** Resolves when every check asked for so far has run, so that a request sees the problems of now. */
  async settled(): Promise<void> {
    while (this.debounce) await this.debounce.promise
    await this.pending
  }

  private queue(files: readonly string[]): void {
    this.pending = this.pending.then(() => this.check(files))
  }

  /**
   * Transforms each file in every server environment: the transform records what it finds. The
   * errors it throws are the problems already announced, so they are not printed again here.
   */
  private async check(files: readonly string[]): Promise<void> {
    const environments = this.serverEnvironments()
    await Promise.all(
      files.map(async (file) => {
        const code = await readFile(file, 'utf8').catch(() => null)
        if (code === null || !mayContainServerFn(code)) return this.problems.forget(file)
        await Promise.all(environments.map((environment) => environment.transformRequest(file).catch(() => undefined)))
      }),
    )
  }

  /** The server environments TanStack compiles in: transforming a module in nitro's would disturb its dev runner. */
  private serverEnvironments(): DevEnvironment[] {
    return Object.values(this.server.environments).filter((environment) => environment.config.consumer === 'server' && this.state.startEnvironments.has(environment.name))
  }
}

interface Deferred {
  promise: Promise<void>
  resolve: () => void
}

function deferred(): Deferred {
  let resolve!: () => void
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}
