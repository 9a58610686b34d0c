import { imp, routeKit, secret, type RouteCase } from './case.ts'

const C = 'routes made out of sight'

const handlers = `{ server: { handlers: { GET: ${secret} } } }`

/** Routes created where the analysis cannot follow the factory: the build fails, the route tree line protects them anyway. */
export const cases: RouteCase[] = [
  {
    shape: 'factory stored in a variable',
    class: C,
    expect: 'error',
    code: 'SFA702',
    why: 'A factory used as a value: the routes it makes cannot be found.',
    route: `${imp}const make = createFileRoute
export const Route = make('$PATH')(${handlers})
`,
  },
  {
    shape: 'factory destructured from an array',
    class: C,
    expect: 'error',
    code: 'SFA702',
    why: 'The same, through a destructuring.',
    route: `${imp}const [make] = [createFileRoute]
export const Route = make('$PATH')(${handlers})
`,
  },
  {
    shape: 'factory passed to a helper',
    class: C,
    expect: 'error',
    code: 'SFA702',
    why: 'The helper calls it where nobody looks.',
    route: `${imp}const build = (factory: typeof createFileRoute) => factory('$PATH')(${handlers})
export const Route = build(createFileRoute)
`,
  },
  {
    shape: '`Reflect.apply` of the factory',
    class: C,
    expect: 'error',
    code: 'SFA702',
    why: 'An indirect call reads the factory as a value.',
    route: `${imp}export const Route = Reflect.apply(createFileRoute, undefined, ['$PATH'])(${handlers})\n`,
  },
  {
    shape: 'namespace member read as a value',
    class: C,
    expect: 'error',
    code: 'SFA702',
    why: '`Router.createFileRoute` not called where it is read.',
    route: `import * as Router from '@tanstack/react-router'
const make = Router.createFileRoute
export const Route = make('$PATH')(${handlers})
`,
  },
  {
    shape: 'factory name built at run time',
    class: C,
    expect: 'error',
    code: 'SFA704',
    why: 'Nothing in the module calls a factory by a name: the route tree names a route nobody classified.',
    route: `import * as Router from '@tanstack/react-router'
const name = ['create', 'File', 'Route'].join('') as 'createFileRoute'
export const Route = Router[name]('$PATH')(${handlers})
`,
  },
  {
    shape: 'route made by a package helper',
    class: C,
    expect: 'error',
    code: 'SFA704',
    why: 'A package creates the route: its handlers are nobody’s classified decision.',
    route: `import { kitRoute } from 'route-kit-$SLUG'
export const Route = kitRoute('$PATH')
`,
    files: {
      ...routeKit,
    },
  },
  {
    shape: 'factory reached through `globalThis`',
    class: C,
    expect: 'error',
    code: 'SFA702',
    why: 'Stored on a global, then called by another name.',
    route: `${imp};(globalThis as any).makeRoute$SLUG = createFileRoute
export const Route = (globalThis as any).makeRoute$SLUG('$PATH')(${handlers})
`,
  },
  {
    shape: 'factory destructured from a router namespace',
    class: C,
    expect: 'error',
    code: 'SFA702',
    why: 'A namespace handing a factory on by a destructuring.',
    route: `import * as Router from '@tanstack/react-router'
const { createFileRoute: make } = Router
export const Route = make('$PATH')(${handlers})
`,
  },
  {
    shape: 'factory read by a computed key of a router namespace, in a helper',
    class: C,
    expect: 'error',
    code: 'SFA702',
    why: 'The helper calls a factory the analysis cannot name.',
    route: `import { make$SLUG } from '../../server/make-$SLUG'
export const Route = make$SLUG('$PATH')
`,
    files: {
      'src/server/make-$SLUG.ts': `import * as Router from '@tanstack/react-router'
const key = ['create', 'File', 'Route'].join('')
export const make$SLUG = (path: string) => (Router as any)[key](path)(${handlers})
`,
    },
  },
  {
    shape: 'public directive on a route factory in a helper',
    class: C,
    expect: 'error',
    code: 'SFA705',
    why: 'One directive would open every route made with the factory, in any module.',
    route: `import { statusRoute$SLUG } from '../../server/status-$SLUG'
export const Route = statusRoute$SLUG(${handlers})
`,
    files: {
      'src/server/status-$SLUG.ts': `${imp}// @auth public: status endpoints for the load balancer
export const statusRoute$SLUG = createFileRoute('/api/$SLUG')
`,
    },
  },
  {
    shape: 'a lazy route file that declares server handlers',
    class: C,
    expect: 'error',
    code: 'SFA706',
    ext: '.lazy.tsx',
    methods: ['GET', 'GET'],
    why: "TanStack merges a lazy part's options into the route only when a page loads it. The build refuses it; switched off, the route, locked with the tree, refuses the `server` part and the page fails instead of opening.",
    route: `import { createLazyFileRoute } from '@tanstack/react-router'
export const Route = createLazyFileRoute('$PATH')({ component: () => <p>lazy</p>, server: { handlers: { GET: ${secret} } } } as any)
`,
  },  {
    shape: 'a router given a tree of its own, built with the route classes',
    class: C,
    expect: 'runtime-refused',
    alone: true,
    ext: '.tsx',
    callPath: '/api/$SLUG-hand',
    why: '`new Route({ … })` is a route like `createRoute({ … })`: wrapped where it is made, in any module, whatever tree it ends up in.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ component: () => <p>page</p> })
`,
    files: {
      'src/router.tsx': `import { createRouter, RootRoute, Route } from '@tanstack/react-router'
import { routeTree } from './routeTree.gen'
const root = new RootRoute(routeTree.options as any)
const hand = new Route({ getParentRoute: () => root, path: 'api/$SLUG-hand', server: { handlers: { GET: () => new Response('secret-$SLUG') } } } as any)
root.addChildren([hand] as any)
export function getRouter() {
  return createRouter({ routeTree: root as any })
}
`,
    },
  },  {
    shape: 'a hand-built tree under `rootRouteWithContext`, a child from a dynamic import',
    class: C,
    expect: 'runtime-refused',
    alone: true,
    ext: '.tsx',
    callPath: '/api/$SLUG-dynamic',
    why: "`rootRouteWithContext` is the deprecated name of `createRootRouteWithContext`: a root made with it is locked where it is made, and guards the children it is given, however they were made.",
    route: `${imp}export const Route = createFileRoute('$PATH')({ component: () => <p>page</p> })
`,
    files: {
      'src/router.tsx': `import { createRouter, rootRouteWithContext, Outlet } from '@tanstack/react-router'
const root = rootRouteWithContext<{}>()({ component: () => <Outlet /> })
let tree: any
export async function getRouter() {
  if (!tree) {
    const { createRoute: later } = await import('@tanstack/react-router')
    tree = root.addChildren([later({ getParentRoute: () => root, path: 'api/$SLUG-dynamic', server: { handlers: { GET: () => new Response('secret-$SLUG') } } } as any)])
  }
  return createRouter({ routeTree: tree })
}
`,
    },
  },  {
    shape: 'a hand-built tree whose root and routes all come from a dynamic import',
    class: C,
    expect: 'runtime-refused',
    alone: true,
    ext: '.tsx',
    callPath: '/api/$SLUG-unseen',
    why: 'No route of this tree is one the analysis sees; the router the router entry returns has its whole tree protected before any request is matched against it.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ component: () => <p>page</p> })
`,
    files: {
      'src/router.tsx': `import { createRouter, Outlet } from '@tanstack/react-router'
let tree: any
export async function getRouter() {
  if (!tree) {
    const kit: any = await import('@tanstack/react-router')
    const root = kit['createRoot' + 'Route']({ component: () => <Outlet /> })
    tree = root.addChildren([kit['create' + 'Route']({ getParentRoute: () => root, path: 'api/$SLUG-unseen', server: { handlers: { GET: () => new Response('secret-$SLUG') } } })])
  }
  return createRouter({ routeTree: tree })
}
`,
    },
  },  {
    shape: 'a code-based tree in the router module, with `__proto__` options',
    class: C,
    expect: 'runtime-refused',
    alone: true,
    ext: '.tsx',
    callPath: '/api/$SLUG-proto',
    why: 'A route made in any module is wrapped where it is made; options it cannot read are protected whole.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ component: () => <p>page</p> })
`,
    files: {
      'src/router.tsx': `import { createRouter, createRootRoute, createRoute, Outlet } from '@tanstack/react-router'
const root = createRootRoute({ component: () => <Outlet /> })
const proto = createRoute({ getParentRoute: () => root, path: 'api/$SLUG-proto', __proto__: { server: { handlers: { GET: () => new Response('secret-$SLUG') } } } } as any)
const tree = root.addChildren([proto])
export function getRouter() {
  return createRouter({ routeTree: tree as any })
}
`,
    },
  },  {
    shape: 'a route made with `Route.constructor`, hidden in a Set of children',
    class: C,
    expect: 'error',
    code: 'SFA702',
    ext: '.tsx',
    callPath: '$PATH/hidden',
    why: "A route's class read off an object makes routes the analysis cannot find; at run time a Set (or any iterable) of children is taken into a frozen list, and what it holds is protected.",
    route: `${imp}export const Route = createFileRoute('$PATH')({ component: () => <p>host</p> })
const Hidden = new (Route.constructor as any)({ getParentRoute: () => Route, path: 'hidden', server: { handlers: { GET: ${secret} } } })
;(Route as any).children = new Set([Hidden])
`,
  },
  {
    shape: 'a route made from the prototype, in an iterable of children',
    class: C,
    expect: 'error',
    code: 'SFA702',
    ext: '.tsx',
    callPath: '$PATH/hidden',
    methods: ['GET', 'POST'],
    why: 'The same with `Object.getPrototypeOf(Route).constructor` and a `Symbol.iterator` object.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ component: () => <p>host</p> })
const Hidden = new (Object.getPrototypeOf(Route).constructor)({ getParentRoute: () => Route, path: 'hidden', server: { handlers: { GET: ${secret}, POST: ${secret} } } })
;(Route as any).children = { *[Symbol.iterator]() { yield Hidden } }
`,
  },
  {
    shape: 'a Set of children filled after the tree was built',
    class: C,
    expect: 'error',
    code: 'SFA702',
    ext: '.tsx',
    callPath: '$PATH/hidden',
    why: 'The Set is taken into a frozen list when it is set: what is added to it later is not a child.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ component: () => <p>host</p> })
const kids = new Set<any>()
;(Route as any).children = kids
Promise.resolve().then(() => kids.add(new (Route.constructor as any)({ getParentRoute: () => Route, path: 'hidden', server: { handlers: { GET: ${secret} } } })))
`,
  },
]
