import { createFileRoute, useRouter } from '@tanstack/react-router'
import { useState } from 'react'
import { login, logout } from '../server/auth'

export const Route = createFileRoute('/login')({
  component: Login,
})

function Login() {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  return (
    <main>
      <h1>Sign in</h1>
      <form
        onSubmit={async (event) => {
          event.preventDefault()
          const form = new FormData(event.currentTarget)
          try {
            await login({ data: { email: String(form.get('email')), password: String(form.get('password')) } })
            await router.navigate({ to: '/account' })
          } catch (caught) {
            setError((caught as Error).message)
          }
        }}
      >
        <input name="email" type="email" defaultValue="ada@example.com" />
        <input name="password" type="password" defaultValue="ada-password" />
        <button type="submit">Sign in</button>
      </form>
      {error && <p role="alert">{error}</p>}
      <button onClick={() => logout().then(() => router.invalidate())}>Sign out</button>
    </main>
  )
}
