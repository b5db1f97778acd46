import type { Metadata } from 'next'
import { connection } from 'next/server'
import { signIn } from '@/app/session-actions'
import { demoUsers, safeNextPath } from '@/lib/demo-users'

export const metadata: Metadata = { title: 'Sign in · Acme Notes' }
export const instant = false

const descriptions: Record<string, string> = {
  ada: 'Personal account',
  grace: 'Member of Acme Team; the team pays',
  linus: 'Personal account',
}

export default async function SignInPage({ searchParams }: PageProps<'/sign-in'>) {
  const { next, error } = await searchParams
  await connection()
  const nextPath = safeNextPath(next)
  return (
    <main className="page narrow">
      <h1>Sign in</h1>
      <p className="muted">A stand-in for your auth provider: pick a demo user or type any email.</p>
      <ul className="user-list">
        {Object.entries(demoUsers).map(([key, user]) => (
          <li key={key}>
            <form action={signIn} className="user-option">
              <input type="hidden" name="user" value={key} />
              <input type="hidden" name="next" value={nextPath} />
              <div>
                <strong>{user.name}</strong>
                <span className="muted">
                  {user.email} · {descriptions[key]}
                </span>
              </div>
              <button type="submit" className="button">
                Sign in as {user.name}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form action={signIn} className="email-form">
        <input type="hidden" name="next" value={nextPath} />
        <label htmlFor="email">Email</label>
        <div className="row">
          <input
            id="email"
            name="email"
            type="text"
            inputMode="email"
            autoComplete="email"
            required
            aria-describedby={error === 'email' ? 'email-error' : undefined}
          />
          <button type="submit" className="button">
            Sign in
          </button>
        </div>
        {error === 'email' ? (
          <p id="email-error" role="alert" className="error">
            Enter an email address like name@example.com.
          </p>
        ) : null}
      </form>
    </main>
  )
}
