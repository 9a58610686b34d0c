import { imp, secret, type RouteCase } from './case.ts'

const C = 'route annotations'

/** `@auth public` on a route or on one method: what opens, and what stays closed. */
export const cases: RouteCase[] = [
  {
    shape: 'whole route public',
    class: C,
    expect: 'public',
    methods: ['GET', 'POST'],
    publicMethods: ['GET', 'POST'],
    why: 'The directive above `export const Route` opens every method.',
    route: `${imp}// @auth public: health probe for the load balancer
export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret}, POST: ${secret} } } })
`,
  },
  {
    shape: 'one method public, the other protected',
    class: C,
    expect: 'public',
    methods: ['GET', 'POST'],
    publicMethods: ['GET'],
    why: 'A method directive opens that method only.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      // @auth public: the directory is public
      GET: ${secret},
      POST: ${secret},
    },
  },
})
`,
  },
  {
    shape: 'a public GET does not open HEAD-less ANY',
    class: C,
    expect: 'public',
    methods: ['GET', 'DELETE'],
    publicMethods: ['GET'],
    why: 'DELETE falls back to ANY, which is not annotated.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      // @auth public: reading is public
      GET: ${secret},
      ANY: ${secret},
    },
  },
})
`,
  },
  {
    shape: 'method public in the function form',
    class: C,
    expect: 'public',
    methods: ['GET', 'POST'],
    publicMethods: ['GET'],
    why: 'A literal object given to `createHandlers` is read like a literal `handlers`.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    handlers: ({ createHandlers }) =>
      createHandlers({
        // @auth public: the feed is public
        GET: ${secret},
        POST: ${secret},
      }),
  },
})
`,
  },
  {
    shape: 'method public as a method object',
    class: C,
    expect: 'public',
    methods: ['POST', 'GET'],
    publicMethods: ['POST'],
    why: 'The directive leads the property, whatever its value.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      // @auth public: signed webhooks verify themselves
      POST: { handler: ${secret} },
      GET: { handler: ${secret} },
    },
  },
})
`,
  },
  {
    shape: 'JSDoc tag line on the route',
    class: C,
    expect: 'public',
    publicMethods: ['GET'],
    why: 'A tag line of a JSDoc block is a directive.',
    route: `${imp}/**
 * Status of the service.
 * @auth public: the status page polls it
 */
export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: '`@auth public` in a sentence',
    class: C,
    expect: 'protected',
    why: 'A comment that mentions `@auth` is not a directive: the route stays protected.',
    route: `${imp}// This route is not marked @auth public: it needs a session.
export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: 'commented-out directive',
    class: C,
    expect: 'protected',
    why: '`// // @auth public` is not a directive.',
    route: `${imp}// // @auth public: was public once
export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: 'a package name `@auth/core` in a comment',
    class: C,
    expect: 'protected',
    why: '`@auth/core` is not `@auth` followed by a word.',
    route: `${imp}// Sessions come from @auth/core.
export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: 'directive in the example of a JSDoc block',
    class: C,
    expect: 'protected',
    why: 'Text under `@example` is an example, not a directive.',
    route: `${imp}/**
 * An API route.
 * @example
 * @auth public: like this
 */
export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: 'method directive does not leak to the next method',
    class: C,
    expect: 'public',
    methods: ['GET', 'PUT', 'DELETE'],
    publicMethods: ['GET'],
    why: 'A directive leads exactly one property.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      // @auth public: reading is public
      GET: ${secret}, PUT: ${secret},
      DELETE: ${secret},
    },
  },
})
`,
  },
  {
    shape: 'public route in a module whose other statement is a protected server function',
    class: C,
    expect: 'public',
    publicMethods: ['GET'],
    why: 'The directive is the route’s; the server function beside it stays protected.',
    route: `import { createServerFn } from '@tanstack/react-start'
${imp}export const secretFn$SLUG = createServerFn().handler(() => 'secret-$SLUG fn')
// @auth public: the health probe
export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: 'method public in a function form with a block body',
    class: C,
    expect: 'public',
    methods: ['GET', 'POST'],
    publicMethods: ['GET'],
    why: 'A body that only returns `createHandlers({ … })` is read like the arrow form.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    handlers: ({ createHandlers }) => {
      return createHandlers({
        // @auth public: the feed is public
        GET: ${secret},
        POST: ${secret},
      })
    },
  },
})
`,
  },
]
