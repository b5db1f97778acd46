import Link from 'next/link'
import { currentUser } from '@/lib/session'
import { signOut } from './session-actions'

export async function SiteHeader() {
  const user = await currentUser()
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand">
          Acme Notes
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link href="/pricing">Pricing</Link>
            </li>
            <li>
              <Link href="/settings/billing">Billing</Link>
            </li>
            <li>
              <Link href="/dashboard">Dashboard</Link>
            </li>
          </ul>
        </nav>
        <div className="session">
          {user ? (
            <>
              <span className="who" title={user.email}>
                {user.name}
                {user.team ? <span className="muted"> · {user.team}</span> : null}
              </span>
              <form action={signOut}>
                <button type="submit" className="button secondary small">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <Link href="/sign-in" className="button small">
              Sign in
            </Link>
          )}
        </div>
      </div>
    </header>
  )
}
