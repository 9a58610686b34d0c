import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * Writes a small TanStack Start app under `test/e2e/.apps/<name>`, inside the repository so that
 * it resolves TanStack, React and serverfn-auth from the workspace's node_modules. Each app has
 * a root route, an index route that imports its server modules (so they are part of the build),
 * and a vite.config.ts with the plugin options given.
 */

const appsDir = join(import.meta.dirname, '../.apps')

export interface FixtureApp {
  name: string
  /** Files under `src/server/`, by name. */
  serverModules: Record<string, string>
  /** The `serverFnAuth(...)` argument, as source text. */
  pluginOptions?: string
  /** Plugins in order, as source text; `SERVER_FN_AUTH` stands for the plugin call. */
  plugins?: string[]
  /** More import lines of vite.config.ts, for the plugins given (`import { nitro } from 'nitro/vite'`). */
  configImports?: string[]
  /** Extra dependencies of the app (for Start to treat them as framework packages). */
  dependencies?: string[]
  /** Extra files, by path relative to the app root. */
  files?: Record<string, string>
  /** More of the Vite config object, as source text (`base: '/test/',`). */
  viteConfig?: string
  /** Where to write the app instead of `test/e2e/.apps/<name>` (an app outside the workspace). */
  directory?: string
  /** The app's dependencies with their versions, instead of the workspace's (`*`). */
  versions?: Record<string, string>
}

/** The document a root route renders (JSX; it needs `HeadContent`, `Outlet` and `Scripts` in scope). */
export const ROOT_DOCUMENT = `(
    <html>
      <head>
        <HeadContent />
      </head>
      <body>
        <Outlet />
        <Scripts />
      </body>
    </html>
  )`

const defaultSession = `import { createMiddleware } from '@tanstack/react-start'
import { getCookie, setResponseStatus } from '@tanstack/react-start/server'

export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => {
  if (getCookie('session') !== 'valid') {
    setResponseStatus(401)
    throw new Error('Unauthenticated')
  }
  return next({ context: { user: { id: 'fixture-user' } } })
})
`

export function writeFixtureApp(app: FixtureApp): string {
  const root = app.directory ?? join(appsDir, app.name)
  rmSync(root, { recursive: true, force: true })
  const pluginCall = `serverFnAuth(${app.pluginOptions ?? "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' } }"})`
  const plugins = (app.plugins ?? ['SERVER_FN_AUTH', 'tanstackStart()', 'viteReact()']).map((p) => p.replace('SERVER_FN_AUTH', pluginCall))
  const serverModules = { 'session.ts': defaultSession, ...app.serverModules }
  // Side-effect imports keep every server module in both builds without handing its namespace
  // around (a namespace of builders passed as a value is refused, SFA103).
  const imports = Object.keys(serverModules)
    .map((file) => `import '../server/${file.replace(/\.tsx?$/, '')}'`)
    .join('\n')
  const files: Record<string, string> = {
    'package.json': JSON.stringify(
      {
        name: `fixture-${app.name}`,
        private: true,
        type: 'module',
        dependencies: app.versions ?? Object.fromEntries(['@tanstack/react-start', '@tanstack/react-router', 'react', 'react-dom', ...(app.dependencies ?? [])].map((d) => [d, '*'])),
      },
      null,
      2,
    ),
    'vite.config.ts': `import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import viteReact from '@vitejs/plugin-react'
import { serverFnAuth } from 'serverfn-auth'
import { defineConfig } from 'vite'
${(app.configImports ?? []).map((line) => `${line}\n`).join('')}
export default defineConfig({
  plugins: [${plugins.join(', ')}],${app.viteConfig ? `\n  ${app.viteConfig}` : ''}
})
`,
    'src/router.tsx': `import { createRouter } from '@tanstack/react-router'
import { routeTree } from './routeTree.gen'

export function getRouter() {
  return createRouter({ routeTree })
}
`,
    'src/routes/__root.tsx': `import { HeadContent, Outlet, Scripts, createRootRoute } from '@tanstack/react-router'

export const Route = createRootRoute({
  component: () => ${ROOT_DOCUMENT},
})
`,
    'src/routes/index.tsx': `import { createFileRoute } from '@tanstack/react-router'
${imports}

export const Route = createFileRoute('/')({
  component: () => <p>${Object.keys(serverModules).length} server modules</p>,
})
`,
    ...Object.fromEntries(Object.entries(serverModules).map(([file, code]) => [`src/server/${file}`, code])),
    ...app.files,
  }
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, content)
  }
  return root
}

/**
 * `vite build` of an app, from the app's directory as a user would run it: TanStack Start
 * finds the packages to bundle (those that peer-depend on it) from the package.json of the
 * current directory.
 */
export async function buildApp(root: string): Promise<void> {
  const { createBuilder } = await import('vite')
  const previous = process.cwd()
  process.chdir(root)
  try {
    const builder = await createBuilder({ root, logLevel: 'silent' })
    await builder.buildApp()
  } finally {
    process.chdir(previous)
  }
}
