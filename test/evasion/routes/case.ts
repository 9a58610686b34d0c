import type { DiagnosticCode } from '../../../src/core/index.ts'

/**
 * One shape of the server route corpus: a route module a real codebase or an attacker may write,
 * and what must come of it. Every case is built into a real TanStack Start app with serverfn-auth
 * (`test/e2e/route-corpus.test.ts`), and each of its methods is called over HTTP, anonymously and
 * with the session cookie.
 *
 * The route module is written at `src/routes/api/<slug>.ts`; in every text of the case `$PATH`
 * stands for its path (`/api/<slug>`) and `$SLUG` for the slug, so that each handler can answer
 * with its own secret (`secret-$SLUG`): an anonymous answer that holds the secret is a leak,
 * whatever its status.
 *
 * - `protected`: the build passes; every method in `methods` answers 401 anonymously, without
 *   the secret, and the secret with the session; the inventory lists no method of it as public.
 * - `public`: the same, except that the methods in `publicMethods` answer anyone, and the
 *   inventory lists them public.
 * - `error`: the build fails with `code`, at a line of one of the case's files. Built again with
 *   the code switched off, no method answers an anonymous caller with the secret (the runtime
 *   line holds on its own), unless `staticOnly` says why only the build error holds.
 * - `runtime-refused`: the build passes and no static rule can tell; no anonymous call gets the
 *   secret (the tampering the shape tries fails at run time).
 * - `no-route`: not a server route: the build passes, nothing listed, no false alarm.
 */
export interface RouteCase {
  shape: string
  class: string
  expect: 'protected' | 'public' | 'error' | 'runtime-refused' | 'no-route'
  code?: DiagnosticCode
  why: string
  /** The route module. */
  route: string
  /** The route module's extension (`.lazy.tsx` for a lazy route file). */
  ext?: '.ts' | '.tsx' | '.lazy.tsx'
  /** More files, by path from the app root (`$SLUG` may appear in the path). */
  files?: Record<string, string>
  /** The methods called; `GET` when not given. */
  methods?: string[]
  /** For `public`: the methods that must answer anonymously. */
  publicMethods?: string[]
  staticOnly?: string
  /** The path called, when not the route module's own (`$SLUG` may appear in it). */
  callPath?: string
  /** Built in an app of its own: the shape changes the whole app (its router), or takes it down. */
  alone?: boolean
  /** Headers sent with every call. */
  headers?: Record<string, string>
  /** Call each method once with the session before the anonymous calls (what a cache of the app may keep). */
  warmWithSession?: boolean
}

/** The import of the route factory most cases start with. */
export const imp = "import { createFileRoute } from '@tanstack/react-router'\n"

/** A handler that answers the case's secret. */
export const secret = "() => new Response('secret-$SLUG')"

/** A package (`route-kit-$SLUG`) whose helper creates a route with a handler, out of the app's sight. */
export const routeKit: Record<string, string> = {
  'node_modules/route-kit-$SLUG/package.json': JSON.stringify({ name: 'route-kit-$SLUG', type: 'module', exports: './index.js' }),
  'node_modules/route-kit-$SLUG/index.js': `import { createFileRoute } from '@tanstack/react-router'
export const kitRoute = (path) => createFileRoute(path)({ server: { handlers: { GET: () => new Response('secret-$SLUG') } } })
`,
}
