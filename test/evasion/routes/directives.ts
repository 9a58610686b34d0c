import { imp, secret, type RouteCase } from './case.ts'

const C = 'route directive errors'

const handlers = `{ server: { handlers: { GET: ${secret} } } }`

/** Directives that cannot be proved to say what they seem to: each fails the build, and the route stays protected. */
export const cases: RouteCase[] = [
  {
    shape: 'public without a reason',
    class: C,
    expect: 'error',
    code: 'SFA201',
    why: 'A public endpoint needs its reason.',
    route: `${imp}// @auth public\nexport const Route = createFileRoute('$PATH')(${handlers})\n`,
  },
  {
    shape: 'public with an empty reason',
    class: C,
    expect: 'error',
    code: 'SFA201',
    why: 'Whitespace is no reason.',
    route: `${imp}// @auth public:   \nexport const Route = createFileRoute('$PATH')(${handlers})\n`,
  },
  {
    shape: 'a typo in the word',
    class: C,
    expect: 'error',
    code: 'SFA202',
    why: 'An unknown directive is refused, never read as public or ignored.',
    route: `${imp}// @auth pubic: health\nexport const Route = createFileRoute('$PATH')(${handlers})\n`,
  },
  {
    shape: 'a look-alike letter (Cyrillic "р")',
    class: C,
    expect: 'error',
    code: 'SFA202',
    why: 'Only the exact word counts.',
    route: `${imp}// @auth \u0440ublic: health\nexport const Route = createFileRoute('$PATH')(${handlers})\n`,
  },
  {
    shape: 'two directives on the route',
    class: C,
    expect: 'error',
    code: 'SFA203',
    why: 'One declaration, one trust decision.',
    route: `${imp}// @auth public: one\n// @auth public: two\nexport const Route = createFileRoute('$PATH')(${handlers})\n`,
  },
  {
    shape: 'two directives on one method',
    class: C,
    expect: 'error',
    code: 'SFA203',
    why: 'One method, one decision.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      // @auth public: one
      // @auth public: two
      GET: ${secret},
    },
  },
})
`,
  },
  {
    shape: 'detached by a blank line',
    class: C,
    expect: 'error',
    code: 'SFA207',
    why: 'A directive with a blank line after it leads nothing.',
    route: `${imp}// @auth public: health\n\nexport const Route = createFileRoute('$PATH')(${handlers})\n`,
  },
  {
    shape: 'detached by CR-only blank lines',
    class: C,
    expect: 'error',
    code: 'SFA207',
    why: 'Every ECMAScript line terminator counts.',
    route: `${imp}// @auth public: health\r\rexport const Route = createFileRoute('$PATH')(${handlers})\r`,
  },
  {
    shape: 'detached by U+2028 separators',
    class: C,
    expect: 'error',
    code: 'SFA207',
    why: 'LINE SEPARATOR is a line terminator.',
    route: `${imp}// @auth public: health\u2028\u2028export const Route = createFileRoute('$PATH')(${handlers})\n`,
  },
  {
    shape: 'method directive detached by a blank line',
    class: C,
    expect: 'error',
    code: 'SFA207',
    why: 'Inside `handlers` too.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      // @auth public: reading is public

      GET: ${secret},
    },
  },
})
`,
  },
  {
    shape: 'directive above the `server` key',
    class: C,
    expect: 'error',
    code: 'SFA207',
    why: 'Only the route declaration or one method of `handlers` may carry it.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  // @auth public: the whole server part
  server: { handlers: { GET: ${secret} } },
})
`,
  },
  {
    shape: 'directive above `handlers`',
    class: C,
    expect: 'error',
    code: 'SFA207',
    why: 'Not a method.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    // @auth public: all the handlers
    handlers: { GET: ${secret} },
  },
})
`,
  },
  {
    shape: 'method directive in handlers with a spread',
    class: C,
    expect: 'error',
    code: 'SFA703',
    why: 'The spread may bring another GET after it is read.',
    route: `${imp}const more = { GET: ${secret} }
export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      // @auth public: reading is public
      GET: () => new Response('open'),
      ...more,
    },
  },
})
`,
  },
  {
    shape: 'method directive with a key written twice',
    class: C,
    expect: 'error',
    code: 'SFA703',
    why: 'The last one wins at run time; the directive leads the first.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      // @auth public: reading is public
      GET: () => new Response('open'),
      GET: ${secret},
    },
  },
})
`,
  },
  {
    shape: 'method directive beside a computed key',
    class: C,
    expect: 'error',
    code: 'SFA703',
    why: 'A computed key may be the annotated method.',
    route: `${imp}const m = 'GET'
export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      // @auth public: reading is public
      GET: () => new Response('open'),
      [m]: ${secret},
    },
  },
})
`,
  },
  {
    shape: 'directive on a statement with two declarators',
    class: C,
    expect: 'error',
    code: 'SFA208',
    why: 'It would open both.',
    route: `${imp}// @auth public: health
export const Route = createFileRoute('$PATH')(${handlers}), other$SLUG = 1
`,
  },
  {
    shape: 'directive on a statement that declares no route',
    class: C,
    expect: 'error',
    code: 'SFA204',
    why: 'A directive that leads nothing protected is a mistake to show, not to ignore.',
    route: `${imp}// @auth public: configuration
const config = { a: 1 }
export const Route = createFileRoute('$PATH')(${handlers})
void config
`,
  },
  {
    shape: 'directive after code on its line',
    class: C,
    expect: 'error',
    code: 'SFA207',
    why: 'A trailing comment leads nothing.',
    route: `${imp}const x = 1 // @auth public: health
export const Route = createFileRoute('$PATH')(${handlers})
void x
`,
  },  {
    shape: 'method directive beside a `__proto__` in the handlers',
    class: C,
    expect: 'error',
    code: 'SFA703',
    why: 'A prototype may bring any method: the keys are not all written out.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      __proto__: { POST: ${secret} },
      // @auth public: the list is public
      GET: () => new Response('open'),
    } as any,
  },
})
`,
  },
]
