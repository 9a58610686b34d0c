// The app the whole-build benchmark builds (`npm run bench:build`): a TanStack Start app of
// file routes, server-function modules (on builders of their own and shared ones), builder modules
// and plain components, generated from a seed so that every run builds the same app.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** A small seeded generator (mulberry32): the same seed, the same app. */
function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * sizes: { routes, fnModules, fnsPerModule, builders, components }. The plugin is switched by the
 * environment variable SERVERFN_AUTH_BENCH=off in vite.config.ts, so that both builds of a pair
 * build the same files.
 */
export function writeBenchApp(root, sizes, seed) {
  const next = random(seed)
  const pick = (n) => Math.floor(next() * n)
  rmSync(root, { recursive: true, force: true })
  const files = {
    'package.json': JSON.stringify({ name: 'serverfn-auth-bench-app', private: true, type: 'module', dependencies: { '@tanstack/react-start': '*', '@tanstack/react-router': '*', react: '*', 'react-dom': '*' } }, null, 2),
    'vite.config.ts': `import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import viteReact from '@vitejs/plugin-react'
import { serverFnAuth } from 'serverfn-auth'
import { defineConfig } from 'vite'

const withPlugin = process.env.SERVERFN_AUTH_BENCH !== 'off'
export default defineConfig({
  logLevel: 'silent',
  plugins: [
    ...(withPlugin ? [serverFnAuth({ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, quiet: true })] : []),
    tanstackStart(),
    viteReact(),
  ],
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
    'src/server/session.ts': `import { createMiddleware } from '@tanstack/react-start'
import { getCookie, setResponseStatus } from '@tanstack/react-start/server'

export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => {
  if (getCookie('session') !== 'valid') {
    setResponseStatus(401)
    throw new Error('Unauthenticated')
  }
  return next({ context: { user: { id: 'bench-user' } } })
})
`,
  }
  for (let b = 0; b < sizes.builders; b++) {
    files[`src/server/builders/b${b}.ts`] = `import { createMiddleware, createServerFn } from '@tanstack/react-start'

export const audit${b} = createMiddleware({ type: 'function' }).server(({ next }) => next())

/** Builder ${b}: every endpoint made on it logs its calls. */
export const builder${b} = createServerFn().middleware([audit${b}])
${b % 4 === 0 ? `\n// @auth public: catalogue pages ${b} are for anonymous visitors\nexport const publicBuilder${b} = createServerFn({ method: 'GET' })\n` : ''}`
  }
  for (let m = 0; m < sizes.fnModules; m++) {
    // Every builder module is used, by every `builders`-th module.
    const b = m % Math.max(sizes.builders, 1)
    let code = `import { createServerFn } from '@tanstack/react-start'\n${sizes.builders ? `import { builder${b} } from '../builders/b${b}'\n` : ''}\ninterface Item${m} { id: string; title: string; price: number }\nconst items${m}: Item${m}[] = Array.from({ length: 5 }, (_, i) => ({ id: 'i' + i, title: 'Item ' + i, price: i * ${m + 1} }))\n`
    for (let f = 0; f < sizes.fnsPerModule; f++) {
      const name = `fn${m}x${f}`
      const head = sizes.builders && f % 2 === 1 ? `builder${b}` : `createServerFn({ method: '${f % 3 === 0 ? 'GET' : 'POST'}' })`
      const publicNote = m % 10 === 0 && f === 0 ? `// @auth public: listing ${m} is public\n` : ''
      const root = publicNote ? `createServerFn({ method: 'GET' })` : head
      code += `\n${publicNote}export const ${name} = ${root}
  .validator((input: { page?: number } | undefined) => ({ page: input?.page ?? 0 }))
  .handler(async ({ data }) => items${m}.slice(data.page * 2, data.page * 2 + 2).map((item) => ({ ...item, module: ${m} })))
`
    }
    files[`src/server/fns/m${m}.ts`] = code
  }
  for (let c = 0; c < sizes.components; c++) {
    const child = c > 0 && next() < 0.5 ? pick(c) : null
    files[`src/components/c${c}.tsx`] = `${child !== null ? `import { C${child} } from './c${child}'\n` : ''}import { useState } from 'react'

export interface C${c}Props { title?: string; items?: string[] }

export function C${c}({ title = 'Component ${c}', items = [] }: C${c}Props) {
  const [open, setOpen] = useState(false)
  return (
    <section className="c${c}">
      <h2 onClick={() => setOpen(!open)}>{title}</h2>
      {open && <ul>{items.map((item) => <li key={item}>{item}</li>)}</ul>}
      ${child !== null ? `<C${child} title="nested" />` : ''}
    </section>
  )
}
`
  }
  // Every module is in the build: route r imports server-function module r (wrapping around), and
  // components 2r and 2r + 1; the rest of what a route imports is drawn from the seed.
  for (let r = 0; r < sizes.routes; r++) {
    const component = sizes.components ? (2 * r) % sizes.components : null
    const second = sizes.components > 1 ? (2 * r + 1) % sizes.components : null
    const fnModule = sizes.fnModules ? (r < sizes.fnModules ? r : pick(sizes.fnModules)) : null
    files[`src/routes/r${r}.tsx`] = `import { createFileRoute } from '@tanstack/react-router'
${component !== null ? `import { C${component} } from '../components/c${component}'\n` : ''}${second !== null && second !== component ? `import { C${second} } from '../components/c${second}'\n` : ''}${fnModule !== null ? `import { fn${fnModule}x0 } from '../server/fns/m${fnModule}'\n` : ''}
export const Route = createFileRoute('/r${r}')({
  ${fnModule !== null ? `loader: () => fn${fnModule}x0({ data: { page: 0 } }),\n  ` : ''}component: Page${r},
})

function Page${r}() {
  return (
    <main>
      <h1>Page ${r}</h1>
      ${component !== null ? `<C${component} title="page ${r}" />` : ''}
      ${second !== null && second !== component ? `<C${second} />` : ''}
    </main>
  )
}
`
  }
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, content)
  }
  return Object.keys(files).filter((path) => /\.(tsx?|jsx?)$/.test(path)).length
}
