import { HeadContent, Outlet, Scripts, createRootRoute } from '@tanstack/solid-router'
import type { JSX } from 'solid-js'
import { HydrationScript } from 'solid-js/web'

export const Route = createRootRoute({
  shellComponent: (props: { children: JSX.Element }) => (
    <html>
      <head>
        <HydrationScript />
        <HeadContent />
      </head>
      <body>
        {props.children}
        <Scripts />
      </body>
    </html>
  ),
  component: () => <Outlet />,
})
