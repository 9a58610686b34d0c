/**
 * serverfn-auth's runtime, served by the plugin as the module `serverfn-auth/runtime` and imported
 * by every module the transform rewrote (see `core/injection-plan.ts`):
 *
 * - `session`: the project's session middleware, reached when a request needs it. The session
 *   module is loaded with `import()`, never while modules load, so this module adds no edge to the
 *   app's module graph: an import cycle through the session module (it imports a helper from a
 *   module that declares server functions) cannot leave the middleware uninitialised.
 *   Its own `next()` marks the call: it puts an unforgeable value in the call's context (the
 *   client can send any `context`, but not this object), so the mark exists only where the
 *   session middleware itself let the call through. Once loaded, it is frozen.
 * - `check`: the last middleware before every protected handler. Without the mark it answers 401
 *   and the handler never runs, whatever a shape no static rule foresaw did to the chain.
 * - `guard`: around every protected handler, the same check as the handler is called (a retrying
 *   middleware can make TanStack's walk skip the check).
 * - `role(name)`, `checkRole(name)` and the roles given to `guard(fn, ...roles)`: the same for
 *   each role an endpoint requires (`@auth role: admin`): the role's middleware marks the calls it
 *   lets through, right after the session middleware; without its mark the check and the guard
 *   answer 403.
 * - `optional`, `checkOptional`, `guardOptional`: the same for `@auth optional` functions, with
 *   the optional-session middleware in the session middleware's place: it refuses no one, but a
 *   call it did not see (its mark missing) never reaches the handler.
 * - `seal`: freezes a builder with its options and middleware list, or an endpoint, so that
 *   nothing can take the middleware out of it after it was declared.
 * - `sealMiddleware`: freezes a part of the session middleware with what it lists, to the bottom,
 *   right after its declaration.
 * - `route`: protects a server route (see `ROUTE_RUNTIME`).
 */

export interface RuntimeModuleOptions {
  /** The TanStack Start package the app uses (`@tanstack/react-start`). */
  startPackage: string
  /** Absolute path of the session module, as the plugin resolved `middleware.from`. */
  sessionModule: string
  /** `middleware.export`. */
  sessionExport: string
  /** Absolute path of `routes.middleware.from`; null when not configured. */
  routeSessionModule?: string | null
  /** `routes.middleware.export`. */
  routeSessionExport?: string | null
  /** The middleware of each role of the `roles` option, as the plugin resolved them. */
  roles?: ReadonlyArray<{ name: string; module: string; exportName: string }>
  /** The optional-session middleware of the `optional` option; null when not configured. */
  optional?: { module: string; exportName: string } | null
  environment: 'server' | 'client'
}

/** The context key of the mark. A string key, so that TanStack's context merges carry it. */
export const MARK_KEY = '__serverFnAuthSession'

/**
 * A listener the probe installs in its own process (`globalThis[Symbol.for(...)]`) to learn which
 * server functions refused a call while it renders a page (`probe --pages`): it gets
 * `{ fn: serverFnMeta, error }` for each refusal. Nothing listens in an app; a listener that
 * throws changes nothing.
 */
export const REFUSAL_LISTENER = 'serverfn-auth.refusals'

export function runtimeModuleSource(options: RuntimeModuleOptions): string {
  const { startPackage } = options
  if (options.environment === 'client') {
    // Never imported by the client bundle (the transform writes server environments only); a
    // stray import gets middleware without a server part.
    return `import { createMiddleware } from ${JSON.stringify(startPackage)}
export const session = createMiddleware({ type: 'function' })
export const check = createMiddleware({ type: 'function' })
export const optional = createMiddleware({ type: 'function' })
export const checkOptional = createMiddleware({ type: 'function' })
const stub = createMiddleware({ type: 'function' })
export function role() { return stub }
export function checkRole() { return stub }
export function guard(value) { return value }
export function guardOptional(value) { return value }
export function seal(value) { return value }
export function sealMiddleware(value) { return value }
export function route(value) { return value }
export function protectTree(value) { return value }
export function protectRouter(value) { return value }
`
  }
  return `import { createMiddleware } from ${JSON.stringify(startPackage)}
import { setResponseStatus } from ${JSON.stringify(`${startPackage}/server`)}

const MARK_KEY = ${JSON.stringify(MARK_KEY)}
const REFUSAL_LISTENER = Symbol.for(${JSON.stringify(REFUSAL_LISTENER)})

function refuse(status, message) {
  try {
    setResponseStatus(status)
  } catch {}
  throw new Error(message)
}

function refused(context, error) {
  const listener = globalThis[REFUSAL_LISTENER]
  if (typeof listener !== 'function') return
  try {
    listener({ fn: context && context.serverFnMeta, error })
  } catch {}
}

// A TanStack middleware with what it lists, to the bottom: its options, its middleware list and
// each middleware in it. Not its validator, a library's object that may keep state of its own.
function freeze(middleware, seen = new Set()) {
  if (middleware === null || typeof middleware !== 'object' || seen.has(middleware)) return middleware
  seen.add(middleware)
  const options = middleware.options
  if (options && typeof options === 'object') {
    if (Array.isArray(options.middleware)) {
      for (const item of options.middleware) freeze(item, seen)
      Object.freeze(options.middleware)
    }
    Object.freeze(options)
  }
  return Object.freeze(middleware)
}

const START_STORAGE = Symbol.for('tanstack-start:start-storage-context')
function startStore() {
  try {
    const storage = globalThis[START_STORAGE]
    const store = storage && typeof storage.getStore === 'function' ? storage.getStore() : undefined
    return store && typeof store === 'object' ? store : null
  } catch {
    return null
  }
}
// The request TanStack is answering, as it received it (its request storage, whose key it shares
// across bundles); null outside one. Middleware may pass another \`request\` on to the next; this
// one is what TanStack chose the route and the handler by.
function startRequest() {
  const store = startStore()
  return store && store.request instanceof Request ? store.request : null
}

// Each pass of a middleware the plugin put in front of a handler (the session's, a role's, the
// optional session's) marks the call with a mark of its own (\`mint\`), bound to the request it
// let through (TanStack's request storage): a mark kept from another request (a context some
// middleware cached) vouches for nothing (\`on\`). Outside a request (no storage), marks are bound
// to none and compared as such. One registry for each middleware, one for routes.
function markRegistry(key) {
  const marks = new WeakMap()
  return Object.freeze({
    key,
    mint() {
      const mark = Object.freeze(Object.create(null))
      marks.set(mark, startRequest())
      return mark
    },
    on(context) {
      const mark = context ? context[key] : undefined
      return mark !== null && typeof mark === 'object' && marks.has(mark) && marks.get(mark) === startRequest()
    },
  })
}

// For the probe's listener: a call that ends before a layer's own next() was refused (thrown, a
// redirect, or an answer of its own), by that middleware, its own middleware or its validator;
// what fails after next() is the function's. Each layer has a watch, first in its own list, and
// each call a watch object of its own, known by this module alone (the client can send any
// context, not these).
const WATCHES = new WeakSet()
function watchFor(key) {
  const watchOf = (call) => {
    const value = call && call.context && call.context[key]
    return value && WATCHES.has(value) ? value : null
  }
  const watch = Object.freeze({
    options: Object.freeze({
      server: async (call) => {
        const watched = { through: false }
        WATCHES.add(watched)
        try {
          const result = await call.next({ context: { [key]: watched } })
          if (!watched.through) refused(call, result)
          return result
        } catch (error) {
          if (!watched.through) refused(call, error)
          throw error
        }
      },
    }),
  })
  return { watch, watchOf }
}

function ownParts(middleware) {
  return (middleware.options.middleware && middleware.options.middleware.length > 0) || !!middleware.options.validator
}

// One middleware the plugin puts in front of handlers: the app's export, reached when a request
// needs it. Its module is loaded with import(), never while modules load, so this module adds no
// edge to the app's module graph: an import cycle through that module (it imports a helper from a
// module that declares server functions) cannot leave the middleware uninitialised. Its own
// next() marks the call; once loaded, it is frozen.
function layer({ load, module, exportName, marks, what }) {
  let loaded
  let loadError
  let marking
  let frozen
  const loading = load().then(
    (value) => { loaded = value },
    (error) => { loadError = error },
  )
  const { watch, watchOf } = watchFor('__serverFnAuthWatch:' + marks.key)

  function current() {
    if (loadError) refuse(500, 'serverfn-auth: ' + what + ' module ' + module + ' could not be loaded: ' + loadError.message)
    if (!loaded) return null
    const middleware = loaded[exportName]
    if (!middleware || !middleware.options || typeof middleware.options.server !== 'function') {
      refuse(500, 'serverfn-auth: ' + module + ' does not export a middleware with a server part as ' + exportName)
    }
    // From here on nothing changes what the middleware does.
    if (!frozen) frozen = freeze(middleware)
    return middleware
  }

  // The middleware's own options, with its server part marking the calls it lets through: the
  // mark goes into the context only from its own next().
  function markingOptions(middleware) {
    if (marking && marking.middleware === middleware) return marking.options
    const server = middleware.options.server
    const options = Object.freeze({
      ...middleware.options,
      // The watch runs first, before the middleware's own middleware and validator.
      middleware: Object.freeze([watch, ...(middleware.options.middleware || [])]),
      server: async (context) => {
        const watched = watchOf(context)
        // TanStack reads a middleware's options twice a call: its list when the call begins, its
        // server part when the call reaches it. A call that began while the module was still
        // loading listed none of the middleware's own middleware (nor the watch, first in this
        // list): its server part must not run without them (they may be what reads the session;
        // the client can send any context).
        if (!watched && ownParts(middleware)) refuse(503, 'serverfn-auth: ' + what + ' was still loading when this call began; retry')
        let through = false
        const next = (passed) => {
          through = true
          if (watched) watched.through = true
          return context.next({ ...passed, context: { ...(passed && passed.context), [marks.key]: marks.mint() } })
        }
        try {
          const result = await server({ ...context, next })
          if (!through && !watched) refused(context, result)
          return result
        } catch (error) {
          if (!through && !watched) refused(context, error)
          throw error
        }
      },
    })
    marking = { middleware, options }
    return options
  }

  // A request that arrives before the module finished loading waits for it. A middleware with
  // middleware or a validator of its own cannot be run that way: that call is refused (503)
  // rather than run without them.
  const whileLoading = Object.freeze({
    server: async (context) => {
      await loading
      const middleware = current()
      if (!middleware || ownParts(middleware)) refuse(503, 'serverfn-auth: ' + what + ' was still loading; retry')
      return markingOptions(middleware).server(context)
    },
  })

  return Object.freeze({
    get options() {
      const middleware = current()
      return middleware ? markingOptions(middleware) : whileLoading
    },
    // The registry of its marks, for the checks (not an option: TanStack reads \`options\` only).
    marks,
  })
}

const callMarks = markRegistry(MARK_KEY)
export const session = layer({
  load: () => import(${JSON.stringify(options.sessionModule)}),
  module: ${JSON.stringify(options.sessionModule)},
  exportName: ${JSON.stringify(options.sessionExport)},
  marks: callMarks,
  what: 'the session middleware',
})

${accessLayersSource(options)}

function refuseUnmarked(call, status = 401, message = 'Unauthenticated: the session middleware did not let this call through') {
  try {
    refuse(status, message)
  } catch (error) {
    refused(call, error)
    throw error
  }
}

function refuseRole(call, name) {
  refuseUnmarked(call, 403, 'Forbidden: the middleware of the role ' + JSON.stringify(name) + ' did not let this call through')
}

export const check = freeze(
  createMiddleware({ type: 'function' }).server((call) => {
    if (!callMarks.on(call.context)) refuseUnmarked(call)
    return call.next()
  }),
)

// The check of each role, one middleware for each (TanStack deduplicates middleware by identity).
const ROLE_CHECKS = Object.create(null)
export function checkRole(name) {
  const marks = roleMarks(name)
  return (ROLE_CHECKS[name] ??= freeze(
    createMiddleware({ type: 'function' }).server((call) => {
      if (!marks.on(call.context)) refuseRole(call, name)
      return call.next()
    }),
  ))
}

export const checkOptional = freeze(
  createMiddleware({ type: 'function' }).server((call) => {
    if (!optionalMarks.on(call.context)) refuseUnmarked(call, 401, 'serverfn-auth: the optional-session middleware did not run for this call')
    return call.next()
  }),
)

// Around every protected handler: the marks again, as the handler is called. TanStack walks a
// call's middleware with one index for every next(): a middleware before the session middleware
// that calls next() again after a refusal (a retry) starts past the middleware that refused, and
// past the checks; only the handler can still tell.
export function guard(handler, ...roles) {
  if (typeof handler !== 'function') return handler
  const required = roles.map((name) => [name, roleMarks(name)])
  return function (call) {
    const context = call && call.context
    if (!callMarks.on(context)) refuseUnmarked(call)
    for (const [name, marks] of required) if (!marks.on(context)) refuseRole(call, name)
    return handler.apply(this, arguments)
  }
}

export function guardOptional(handler) {
  if (typeof handler !== 'function') return handler
  return function (call) {
    if (!optionalMarks.on(call && call.context)) refuseUnmarked(call, 401, 'serverfn-auth: the optional-session middleware did not run for this call')
    return handler.apply(this, arguments)
  }
}

export function sealMiddleware(value) {
  return freeze(value)
}

${routeRuntime(options)}

export function seal(value) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value
  const options = value.options
  Object.freeze(value)
  if (options && typeof options === 'object') {
    if (Array.isArray(options.middleware)) Object.freeze(options.middleware)
    Object.freeze(options)
  }
  return value
}
`
}

/**
 * `role(name)` and `optional`: the middleware of each configured role and the optional-session
 * middleware, each a layer like the session middleware, marking the calls it lets through with
 * marks of its own. `role(name)` returns the same object for a name every time (TanStack
 * deduplicates middleware by identity) and throws for a name the options do not configure, so a
 * module that names one fails as it loads. Without the `optional` option, `optional` refuses every
 * call: the analysis fails the build before any module could name it (SFA212).
 */
function accessLayersSource(options: RuntimeModuleOptions): string {
  const roles = (options.roles ?? []).map(
    (role) => `  ${JSON.stringify(role.name)}: layer({
    load: () => import(${JSON.stringify(role.module)}),
    module: ${JSON.stringify(role.module)},
    exportName: ${JSON.stringify(role.exportName)},
    marks: markRegistry(${JSON.stringify(`${ROLE_MARK_PREFIX}${role.name}`)}),
    what: ${JSON.stringify(`the middleware of the role "${role.name}"`)},
  }),`,
  )
  const optional = options.optional
  return `const ROLE_LAYERS = Object.freeze({
  __proto__: null,
${roles.join('\n')}
})
function roleLayer(name) {
  if (typeof name !== 'string' || !Object.hasOwn(ROLE_LAYERS, name)) throw new Error('serverfn-auth: the role ' + JSON.stringify(name) + ' is not configured in the roles option')
  return ROLE_LAYERS[name]
}
export function role(name) {
  return roleLayer(name)
}
function roleMarks(name) {
  return roleLayer(name).marks
}

const optionalMarks = markRegistry(${JSON.stringify(OPTIONAL_MARK_KEY)})
export const optional = ${
    optional
      ? `layer({
  load: () => import(${JSON.stringify(optional.module)}),
  module: ${JSON.stringify(optional.module)},
  exportName: ${JSON.stringify(optional.exportName)},
  marks: optionalMarks,
  what: 'the optional-session middleware',
})`
      : `freeze(
  createMiddleware({ type: 'function' }).server(() => refuse(500, 'serverfn-auth: @auth optional needs the optional option of serverFnAuth()')),
)`
  }`
}

/**
 * `route(value, meta)`, around every server route the analysis did not prove public (see
 * `core/route-access.ts`). TanStack reads `route.options.server` for each request: its
 * `middleware` for every matched route, and, for the route the path matches exactly, the handler
 * of the request's method in `handlers` (HEAD falls back to GET, any method to ANY). So the route
 * gets, when its module runs:
 *
 * - `handlers`, copied (a function form is wrapped, and its result copied per request), with
 *   every method but the ones proved public given the `ensure` middleware first and a handler that
 *   answers 401 unless the call carries the mark of the route session middleware;
 * - `middleware`, with a gate first that runs the route session middleware before the route's own
 *   middleware when the request will reach one of its protected handlers: the route is a leaf
 *   (TanStack runs a parent's middleware for its children's requests and pages too, where the gate
 *   stands aside and `ensure` runs the session at the handler) and the path matched exactly.
 *
 * `options.server` and `options` are then read-only: `Object.assign(Route.options, { server })`
 * throws instead of taking the protection away. A factory (`createFileRoute('/x')`) is wrapped so
 * that the routes it creates are protected the same way. A route annotated public is only
 * registered (`meta.open`). `protectTree(routeTree)`, after the generated route tree, protects
 * every route with handlers that no `route(…)` saw.
 */
function routeRuntime(options: RuntimeModuleOptions): string {
  // A route the app annotated public is registered as such and locked as it is declared.
  const shared = `const ROUTES = new WeakSet()
function openRoute(value, meta) {
  // Only a route is opened; a factory (the analysis refuses a directive on one, SFA705) makes protected routes.
  if (typeof value === 'function') return route(value, { path: meta.path, line: meta.line, public: {} })
  if (value === null || typeof value !== 'object' || ROUTES.has(value)) return value
  ROUTES.add(value)
  // Open as it is declared: its server part and its handlers (a frozen copy) cannot change later,
  // nor its children be left unguarded.
  const options = value.options
  if (!isRoute(value) || options === null || typeof options !== 'object') return value
  const server = options.server
  const handlers = server !== null && typeof server === 'object' ? server.handlers : undefined
  if (handlers === null || typeof handlers !== 'object') return lockRoute(value, server)
  const copy = Object.create(null)
  for (const key of handlerKeys(handlers)) copy[key] = handlers[key]
  return lockRoute(value, Object.freeze({ ...server, handlers: Object.freeze(copy) }))
}

// Every string key TanStack's handlers[method] could find, own or inherited.
function handlerKeys(handlers) {
  const keys = new Set()
  for (let level = handlers; level && level !== Object.prototype && level !== Function.prototype; level = Object.getPrototypeOf(level)) {
    for (const key of Object.getOwnPropertyNames(level)) keys.add(key)
  }
  return keys
}
function isRoute(value) {
  return typeof value.addChildren === 'function' && typeof value.update === 'function' && 'options' in value
}

// Makes \`options.server\` (and \`options\` itself) read-only with the value given: a server part
// without handlers is frozen too, so that none can be added later. Options that are frozen or
// whose \`server\` cannot be redefined are copied first. Children set later are guarded.
function lockRoute(value, server) {
  let options = value.options
  const own = Object.getOwnPropertyDescriptor(options, 'server')
  if (!Object.isExtensible(options) || (own && !own.configurable)) options = Object.assign(Object.create(Object.getPrototypeOf(options)), options)
  const locked = server !== null && typeof server === 'object' && !Object.isFrozen(server) ? Object.freeze({ ...server }) : server
  Object.defineProperty(options, 'server', { value: locked, enumerable: true, writable: false, configurable: false })
  Object.defineProperty(value, 'options', { value: options, enumerable: true, writable: false, configurable: false })
  guardChildren(value)
  return value
}

// Children a route gets after it was protected (\`addChildren\`, \`children = […]\`) are guarded
// when they are set.
const GUARDED = new WeakSet()
function guardChildren(value) {
  if (GUARDED.has(value)) return
  GUARDED.add(value)
  // A frozen list, so that no child is pushed in unseen; a new list is guarded when it is set.
  let children = frozenList(value.children)
  Object.defineProperty(value, 'children', {
    enumerable: true,
    configurable: false,
    get: () => children,
    set: (next) => {
      children = frozenList(next)
      guardTree(children)
    },
  })
}

// Children as TanStack's router reads them (\`for (const child of route.children)\`), taken once into
// a frozen array: a Set or any other iterable (which could be added to later, or look empty to
// \`Object.values\`) becomes the list it yields now; an object, its values, as \`addChildren\` does.
function frozenList(children) {
  if (children === null || children === undefined || typeof children !== 'object') return children
  if (Array.isArray(children)) return Object.freeze(children)
  return Object.freeze(typeof children[Symbol.iterator] === 'function' ? Array.from(children) : Object.values(children))
}

function childList(children) {
  if (children === null || children === undefined || typeof children !== 'object') return []
  if (Array.isArray(children)) return children
  return typeof children[Symbol.iterator] === 'function' ? Array.from(children) : Object.values(children)
}

function guardTree(children) {
  for (const child of childList(children)) {
    if (child !== null && typeof child === 'object') eachRoute(child, guardRoute)
  }
}

// Visits every route of a tree, the root first.
function eachRoute(root, visit) {
  const seen = new Set()
  const walk = (route) => {
    if (route === null || typeof route !== 'object' || seen.has(route)) return
    seen.add(route)
    const children = childList(route.children)
    visit(route)
    for (const child of children) walk(child)
  }
  walk(root)
  return root
}

// The router TanStack Start answers requests with, as the app's router entry returns it (see
// router-entry.ts): its whole route tree is protected before any request is matched against it,
// however the tree was built. Each tree is walked once; children set later are guarded as set.
const PROTECTED_TREES = new WeakSet()
export function protectRouter(router) {
  if (router !== null && typeof router === 'object' && typeof router.then === 'function') return router.then(protectRouter)
  const tree = router !== null && typeof router === 'object' ? router.routeTree : undefined
  if (tree !== null && typeof tree === 'object' && !PROTECTED_TREES.has(tree)) {
    protectTree(tree)
    PROTECTED_TREES.add(tree)
  }
  return router
}

// A route with handlers that no route(…) saw.
function unseenWithHandlers(route) {
  const server = route.options && route.options.server
  return !ROUTES.has(route) && server !== null && typeof server === 'object' && server.handlers != null
}`
  if (!options.routeSessionModule) {
    return `${shared}
export function route(value, meta) {
  if (meta && typeof meta.open === 'string') return openRoute(value, meta)
  if (meta && meta.lock === true) {
    // A route the analysis read without handlers: locked as it is (with handlers after all, refused).
    if (value !== null && typeof value === 'object' && isRoute(value)) guardRoute(value)
    return value
  }
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value
  throw new Error('serverfn-auth: the server route ' + (meta && meta.path) + ' needs \`routes.middleware\` in serverFnAuth() options')
}
function guardRoute(found) {
  if (unseenWithHandlers(found)) throw new Error('serverfn-auth: the server route ' + (found.fullPath || found.id) + ' has handlers, and \`routes.middleware\` is not configured')
  if (ROUTES.has(found)) return guardChildren(found)
  if (found.options !== null && typeof found.options === 'object') {
    ROUTES.add(found)
    lockRoute(found, found.options.server)
  }
}
export function protectTree(root) {
  return eachRoute(root, guardRoute)
}`
  }
  return `${shared}
const ROUTE_SESSION_MODULE = ${JSON.stringify(options.routeSessionModule)}
const ROUTE_SESSION_EXPORT = ${JSON.stringify(options.routeSessionExport)}
const ROUTE_MARK_KEY = ${JSON.stringify(ROUTE_MARK_KEY)}
const routeMarks = markRegistry(ROUTE_MARK_KEY)
const PROTECTED = new WeakSet()
let routeSession
let routeSessionError
const routeSessionLoading = import(${JSON.stringify(options.routeSessionModule)}).then(
  (module) => { routeSession = module },
  (error) => { routeSessionError = error },
)

async function routeSessionChain() {
  await routeSessionLoading
  if (routeSessionError) throw new Error('serverfn-auth: the route session module ' + ROUTE_SESSION_MODULE + ' could not be loaded: ' + routeSessionError.message)
  const middleware = routeSession[ROUTE_SESSION_EXPORT]
  if (!middleware || !middleware.options || typeof middleware.options.server !== 'function') {
    throw new Error('serverfn-auth: ' + ROUTE_SESSION_MODULE + ' does not export a request middleware with a server part as ' + ROUTE_SESSION_EXPORT)
  }
  freeze(middleware)
  // As TanStack runs a middleware list: what a middleware lists runs before it, each once.
  const chain = []
  const seen = new Set()
  const add = (item) => {
    for (const inner of (item.options && item.options.middleware) || []) add(inner)
    if (!seen.has(item)) { seen.add(item); chain.push(item) }
  }
  add(middleware)
  return { chain, middleware }
}

// The chain of one request: what the app's global request middleware already ran for it is not
// run again (TanStack skips it in a route's list too), except the session middleware itself.
function requestChain({ chain, middleware }) {
  const store = startStore()
  const executed = store && store.executedRequestMiddlewares
  if (!executed || typeof executed.has !== 'function') return chain
  return chain.filter((item) => item === middleware || !executed.has(item))
}

// The route TanStack resolves the request to, as its server-route handler does: the request's
// router, its location and its cached match. Undefined when it cannot be told.
async function requestMatch() {
  try {
    const store = startStore()
    if (!store || typeof store.getRouter !== 'function') return undefined
    const router = await store.getRouter()
    if (!router || typeof router.getMatchedRoutes !== 'function' || !router.latestLocation) return undefined
    const [, params, found] = router.getMatchedRoutes(router.latestLocation.pathname)
    return { found: found || null, exact: !(params && params['**'] !== undefined) }
  } catch {
    return undefined
  }
}

// Runs the route session middleware (and what it lists) as part of the middleware that called
// it; its last next() continues TanStack's list with the mark in the context.
async function runRouteSession(ctx) {
  const chain = requestChain(await routeSessionChain())
  let added = {}
  const run = (index, current) => chain[index].options.server({
    ...current,
    next: (passed) => {
      added = { ...added, ...(passed && passed.context) }
      const context = { ...current.context, ...(passed && passed.context) }
      if (index + 1 < chain.length) return run(index + 1, { ...current, ...passed, context })
      return ctx.next({ ...passed, context: { ...added, [ROUTE_MARK_KEY]: routeMarks.mint() } })
    },
  })
  return run(0, ctx)
}

function unauthorized() {
  return new Response('Unauthorized', { status: 401, headers: { 'content-type': 'text/plain' } })
}

// Runs the session at the handler unless the gate already did.
const ensure = freeze({
  options: { server: (ctx) => (routeMarks.on(ctx.context) ? ctx.next() : runRouteSession(ctx)) },
})

function checked(handler) {
  return function (ctx) {
    if (!routeMarks.on(ctx && ctx.context)) return unauthorized()
    return handler.call(this, ctx)
  }
}

function protectHandler(entry) {
  let protectedEntry
  if (typeof entry === 'function') protectedEntry = { middleware: [ensure], handler: checked(entry) }
  else if (entry && typeof entry === 'object') {
    const middleware = entry.middleware == null ? [] : Array.from(entry.middleware)
    protectedEntry = { ...entry, middleware: [ensure, ...middleware], handler: typeof entry.handler === 'function' ? checked(entry.handler) : entry.handler }
  } else return entry
  Object.freeze(protectedEntry.middleware)
  PROTECTED.add(Object.freeze(protectedEntry))
  return protectedEntry
}

function protectHandlers(handlers, meta) {
  if (handlers === null || (typeof handlers !== 'object' && typeof handlers !== 'function')) return handlers
  const copy = Object.create(null)
  for (const key of handlerKeys(handlers)) {
    const entry = handlers[key]
    copy[key] = Object.hasOwn(meta.public, key) ? entry : protectHandler(entry)
  }
  return Object.freeze(copy)
}

function resolveHandler(handlers, method) {
  const table = typeof handlers === 'function' ? handlers({ createHandlers: (d) => d }) : handlers
  if (!table) return undefined
  const name = String(method).toUpperCase()
  return name === 'HEAD' ? (table.HEAD ?? table.GET ?? table.ANY) : (table[name] ?? table.ANY)
}

function hasChildren(route) {
  return childList(route.children).length > 0
}

export function route(value, meta) {
  if (meta && typeof meta.open === 'string') return openRoute(value, meta)
  if (typeof value === 'function') {
    // A factory: \`createFileRoute('/x')\`, \`createRootRouteWithContext<C>()\`.
    return function (...args) {
      return route(value.apply(this, args), meta)
    }
  }
  // Only a TanStack route: a function of the app's own that happens to share a factory's name
  // returns something else, which is left as it is.
  if (value === null || typeof value !== 'object' || ROUTES.has(value) || !isRoute(value)) return value
  return protectRoute(value, meta)
}

// Protects a route (or a node TanStack's router holds as one, whatever it looks like).
function protectRoute(value, meta) {
  const options = value.options
  if (options === null || typeof options !== 'object') return value
  ROUTES.add(value)
  const server = options.server
  if (server === null || typeof server !== 'object' || server.handlers == null) return lockRoute(value, server)
  const original = server.handlers
  const handlers = typeof original === 'function'
    ? function (...args) { return protectHandlers(original.apply(this, args), meta) }
    : protectHandlers(original, meta)
  const gate = freeze({
    options: {
      server: async (ctx) => {
        if (routeMarks.on(ctx.context)) return ctx.next()
        const request = startRequest() || ctx.request
        const method = String(request.method).toUpperCase()
        // What TanStack would serve: a falsy entry (\`GET: enabled && handler\`) serves nothing.
        const resolved = resolveHandler(handlers, method)
        const entry = typeof resolved === 'function' || (resolved !== null && typeof resolved === 'object') ? resolved : undefined
        const match = await requestMatch()
        const exact = match ? match.found === value && match.exact : !(ctx.params && ctx.params['**'] !== undefined)
        if (isApiOnly(value)) {
          // An API route and nothing else: every request TanStack sends to it gets the session
          // before its middleware, but a method proved public, and a CORS preflight that no
          // handler of its answers (a preflight carries no cookie).
          if (exact && entry !== undefined && !PROTECTED.has(entry)) return ctx.next()
          if (entry === undefined && method === 'OPTIONS') return ctx.next()
          return runRouteSession(ctx)
        }
        // A page with handlers, or a layout: its middleware runs for its pages and its
        // children's requests too, where the gate stands aside; a request TanStack resolves to
        // one of its own protected handlers gets the session here. When it cannot be told which
        // route a layout's request resolves to, \`ensure\` runs the session at the handler.
        if (!exact || (!match && hasChildren(value))) return ctx.next()
        return PROTECTED.has(entry) ? runRouteSession(ctx) : ctx.next()
      },
    },
  })
  const own = server.middleware == null ? [] : Array.from(server.middleware)
  return lockRoute(value, Object.freeze({ ...server, middleware: Object.freeze([gate, ...own]), handlers }))
}

// A route that renders nothing of its own: no component, no lazy part, no loader, no children.
function isApiOnly(value) {
  const options = value.options
  return !options.component && !value.lazyFn && !options.loader && !options.beforeLoad && !hasChildren(value)
}

// A node of the route tree: protected when it has handlers, locked otherwise. Whatever it looks
// like: the router serves it as a route.
function guardRoute(found) {
  if (ROUTES.has(found)) return guardChildren(found)
  if (found.options === null || typeof found.options !== 'object') return
  protectRoute(found, { path: found.fullPath || found.id || null, line: 0, public: {} })
}

// The route tree, once built: a route with handlers that no route(…) wrapped (created in a way
// the analysis did not see) is protected here, every method of it; every other route is locked,
// so that no handlers can be given to it later (\`Route.update({ server })\`, a lazy part), and
// children added to any of them later are guarded the same way.
export function protectTree(root) {
  return eachRoute(root, guardRoute)
}`
}

/** The context key of each role's mark: the prefix and the role's name. */
export const ROLE_MARK_PREFIX = '__serverFnAuthRole:'
/** The context key of the optional-session middleware's mark. */
export const OPTIONAL_MARK_KEY = '__serverFnAuthOptional'

/** The context key of the route session middleware's mark. */
export const ROUTE_MARK_KEY = '__serverFnAuthRouteSession'
