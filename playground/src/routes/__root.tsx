import { HeadContent, Link, Outlet, Scripts, createRootRoute } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import { getSessionUser } from '../server/auth'

export const Route = createRootRoute({
  // Who is signed in, on every page (the sign-in page too): an `@auth optional` function answers
  // anonymous visitors with null. The pages below read it from the route context.
  beforeLoad: async () => ({ user: await getSessionUser() }),
  head: () => ({
    meta: [{ charSet: 'utf-8' }, { name: 'viewport', content: 'width=device-width, initial-scale=1' }, { title: 'serverfn-auth playground' }],
  }),
  component: RootComponent,
})

function RootComponent() {
  return (
    <RootDocument>
      <nav style={{ display: 'flex', gap: 12 }}>
        <Link to="/">Home</Link>
        <Link to="/account">Account</Link>
        <Link to="/admin">Admin</Link>
        <Link to="/login">Sign in</Link>
      </nav>
      <Outlet />
    </RootDocument>
  )
}

function RootDocument({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <html lang="en">
      <head>
        <HeadContent />
      </head>
      <body>
        {children}
        <Scripts />
      </body>
    </html>
  )
}
