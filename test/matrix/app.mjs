// Writes one matrix app: the server side of the apps in frameworks/ (the same server modules and
// server routes, read from frameworks/solid), with the root route, router and Vite config of its
// framework, and the exact versions of the combination.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

const repo = join(import.meta.dirname, '../..')
const source = join(repo, 'frameworks/solid/src')

/** The framework packages of each framework, and the versions every combination shares. */
const FRAMEWORKS = {
  react: { libraries: { react: '19.3.1', 'react-dom': '19.3.1' }, plugin: { '@vitejs/plugin-react': '6.3.0' } },
  solid: { libraries: { 'solid-js': '1.9.20' }, plugin: { 'vite-plugin-solid': '2.11.17' } },
  vue: { libraries: { vue: '3.5.47' }, plugin: { '@vitejs/plugin-vue': '6.1.1', '@vitejs/plugin-vue-jsx': '5.1.6' } },
}

const VITE_PLUGINS = {
  react: { imports: "import viteReact from '@vitejs/plugin-react'", calls: 'viteReact()' },
  solid: { imports: "import viteSolid from 'vite-plugin-solid'", calls: 'viteSolid({ ssr: true })' },
  vue: { imports: "import vue from '@vitejs/plugin-vue'\nimport vueJsx from '@vitejs/plugin-vue-jsx'", calls: 'vue(), vueJsx()' },
}

const ROOT_ROUTE = {
  react: `import { HeadContent, Outlet, Scripts, createRootRoute } from '@tanstack/react-router'

export const Route = createRootRoute({
  component: () => (
    <html>
      <head>
        <HeadContent />
      </head>
      <body>
        <Outlet />
        <Scripts />
      </body>
    </html>
  ),
})
`,
  solid: null,
  vue: null,
}

/** The router package version a Start release depends on, from the registry. */
export function routerVersionOf(framework, start) {
  const dependencies = JSON.parse(execFileSync('npm', ['view', `@tanstack/${framework}-start@${start}`, 'dependencies', '--json'], { encoding: 'utf8' }))
  const version = dependencies[`@tanstack/${framework}-router`]
  if (!version) throw new Error(`@tanstack/${framework}-start@${start} names no @tanstack/${framework}-router dependency`)
  return version
}

/** `1.168.55` < `1.169.0`: the release that renamed `.inputValidator` to `.validator`. */
function hasValidator(start) {
  const [major, minor] = start.split('.').map(Number)
  return major > 1 || minor >= 169
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

export function writeMatrixApp(root, combination, tarball) {
  const { framework, start, vite } = combination
  const frameworkDir = join(repo, 'frameworks', framework === 'react' ? 'solid' : framework)
  const files = {}
  // The server modules and server routes, in the combination's framework and API.
  for (const path of filesUnder(source)) {
    const name = relative(source, path)
    if (!/^(server|routes\/api)\//.test(name)) continue
    let code = readFileSync(path, 'utf8').replaceAll('@tanstack/solid-', `@tanstack/${framework}-`)
    if (!hasValidator(start)) code = code.replaceAll('.validator(', '.inputValidator(')
    files[`src/${name}`] = code
  }
  const ownSource = (name) => readFileSync(join(frameworkDir, name), 'utf8')
  // The framework app's own components (the Vue app's index route renders one).
  const components = join(frameworkDir, 'src/components')
  if (framework !== 'react' && existsSync(components)) for (const path of filesUnder(components)) files[`src/components/${relative(components, path)}`] = readFileSync(path, 'utf8')
  files['src/routes/__root.tsx'] = ROOT_ROUTE[framework] ?? ownSource('src/routes/__root.tsx')
  files['src/routes/index.tsx'] = framework === 'react'
    ? ownSource('src/routes/index.tsx').replaceAll('@tanstack/solid-', '@tanstack/react-').replace('status().ok', 'status.ok')
    : ownSource('src/routes/index.tsx')
  files['src/router.tsx'] = ownSource('src/router.tsx').replaceAll('@tanstack/solid-', `@tanstack/${framework}-`)
  const plugins = VITE_PLUGINS[framework]
  files['vite.config.ts'] = `import { tanstackStart } from '@tanstack/${framework}-start/plugin/vite'
import { serverFnAuth } from 'serverfn-auth'
import { defineConfig } from 'vite'
${plugins.imports}

export default defineConfig({
  plugins: [
    serverFnAuth({
      middleware: { from: '/src/server/session.ts', export: 'requireSession' },
      roles: { admin: { from: '/src/server/session.ts', export: 'requireAdmin' } },
      routes: { middleware: { from: '/src/server/session.ts', export: 'requireSessionRequest' } },
      guard: 'required',
    }),
    tanstackStart(),
    ${plugins.calls},
  ],
})
`
  files['package.json'] = `${JSON.stringify(
    {
      name: `matrix-${framework}-${start}-vite-${vite}`,
      private: true,
      type: 'module',
      dependencies: {
        [`@tanstack/${framework}-start`]: start,
        [`@tanstack/${framework}-router`]: routerVersionOf(framework, start),
        ...FRAMEWORKS[framework].libraries,
      },
      devDependencies: { ...FRAMEWORKS[framework].plugin, 'serverfn-auth': `file:${tarball}`, vite },
    },
    null,
    2,
  )}\n`
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
}

/**
 * src/start.ts registers the runtime guard, once the app is installed: a start file replaces
 * Start's default request middleware, so its CSRF check is listed again where the release has it.
 */
export function writeStartFile(root, framework) {
  const pkg = `@tanstack/${framework}-start`
  const index = join(root, 'node_modules', pkg, 'dist/esm/index.js')
  const csrf = existsSync(index) && readFileSync(index, 'utf8').includes('createCsrfMiddleware')
  writeFileSync(
    join(root, 'src/start.ts'),
    `import { ${csrf ? 'createCsrfMiddleware, ' : ''}createStart } from '${pkg}'
import { serverFnGuard } from 'serverfn-auth/guard'

export const startInstance = createStart(() => ({
${csrf ? "  requestMiddleware: [createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })],\n" : ''}  functionMiddleware: [serverFnGuard],
}))
`,
  )
}
