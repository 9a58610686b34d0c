import type { Connect } from 'vite'
import type { OverlayError } from './dev-problems.ts'
import type { PluginState } from './plugin-state.ts'

/**
 * In front of TanStack Start's dev handler (pages, server functions, server routes): while a
 * module has problems, the app is not run. A page gets Vite's error overlay with every problem,
 * any other request a 500 with the same text. Without this, each request would reach the broken
 * module through Start, which answers a bare `HTTPError` and dumps the error object to the
 * terminal every time.
 */
export function devGate(state: PluginState): Connect.NextHandleFunction {
  return (req, res, next) => {
    const dev = state.dev
    if (!dev) return next()
    dev.settled().then(
      () => {
        const overlay = dev.problems.overlay()
        if (!overlay) return next()
        res.statusCode = 500
        res.setHeader('Cache-Control', 'no-store')
        if (wantsPage(req)) {
          res.setHeader('Content-Type', 'text/html; charset=utf-8')
          res.end(overlayPage(overlay, state.config.base))
        } else {
          res.setHeader('Content-Type', 'text/plain; charset=utf-8')
          res.end(`${overlay.message}\n`)
        }
      },
      (error: unknown) => next(error),
    )
  }
}

function wantsPage(req: Connect.IncomingMessage): boolean {
  return req.method === 'GET' && /\btext\/html\b/.test(req.headers.accept ?? '')
}

/**
 * The page Vite's own error middleware answers with: Vite's client, which shows the overlay and
 * keeps the page connected, so that it reloads when the plugin says the problems are gone.
 */
export function overlayPage(overlay: OverlayError, base: string): string {
  const client = JSON.stringify(`${base.endsWith('/') ? base : `${base}/`}@vite/client`)
  // `<` escaped: a message quoting `</script>` from the source must not end the script.
  const error = JSON.stringify(overlay).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>serverfn-auth: the app has problems</title>
    <script type="module">
      import { ErrorOverlay } from ${client.replace(/</g, '\\u003c')}
      document.body.appendChild(new ErrorOverlay(${error}))
    </script>
  </head>
  <body></body>
</html>
`
}
