import { routeKit, type RouteCase } from './case.ts'

const C = 'not server routes'

/** Shapes that are not server routes: no false alarm, nothing listed. */
export const cases: RouteCase[] = [
  {
    shape: 'a page route without `server`',
    class: C,
    expect: 'no-route',
    ext: '.tsx',
    why: 'A page is not an HTTP endpoint of its own.',
    route: `import { createFileRoute } from '@tanstack/react-router'
export const Route = createFileRoute('$PATH')({ component: () => <p>page</p>, loader: () => ({ at: 1 }) })
`,
  },
  {
    shape: 'a route with `server.middleware` only',
    class: C,
    expect: 'no-route',
    why: 'Middleware without handlers answers nothing of its own.',
    route: `import { createFileRoute } from '@tanstack/react-router'
import { createMiddleware } from '@tanstack/react-start'
const log = createMiddleware().server(({ next }) => next())
export const Route = createFileRoute('$PATH')({ server: { middleware: [log] } })
`,
  },
  {
    shape: 'the factory’s name in a string and a comment',
    class: C,
    expect: 'no-route',
    ext: '.tsx',
    why: 'Text is not proof: the module calls the factory once, for a page.',
    route: `import { createFileRoute } from '@tanstack/react-router'
// createFileRoute('/x')({ server: { handlers } }) would make an endpoint.
const docs = "createFileRoute('/x')({ server: { handlers: { GET } } })"
export const Route = createFileRoute('$PATH')({ component: () => <p>{docs}</p> })
`,
  },
  {
    shape: 'a local object with a `createFileRoute` member',
    class: C,
    expect: 'no-route',
    ext: '.tsx',
    why: 'Not the router’s factory.',
    route: `import { createFileRoute } from '@tanstack/react-router'
const docs = { createFileRoute: (s: string) => s.length }
export const Route = createFileRoute('$PATH')({ component: () => <p>{docs.createFileRoute('x')}</p> })
`,
  },
  {
    shape: 'a route file that only re-exports a route made elsewhere',
    class: C,
    expect: 'no-route',
    why: "TanStack's generator includes only files that declare `Route` themselves: this one is left out of the route tree, and nothing answers at its path.",
    route: `export { Route } from '../../server/kit-route-$SLUG'\n`,
    files: {
      'src/server/kit-route-$SLUG.ts': `import { kitRoute } from 'route-kit-$SLUG'
export const Route = kitRoute('/api/$SLUG')
`,
      ...routeKit,
    },
  },
  {
    shape: "a component's own `createRoute`",
    class: C,
    expect: 'no-route',
    ext: '.tsx',
    why: 'A local declaration shadows the factory’s name where it is used.',
    route: `import { createFileRoute } from '@tanstack/react-router'
function Planner() {
  const createRoute = () => console.log('planned')
  return <button onClick={createRoute}>plan</button>
}
export const Route = createFileRoute('$PATH')({ component: Planner })
`,
  },
]
