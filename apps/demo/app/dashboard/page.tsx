import { AccessGate, BillingProvider, PastDueBanner } from '@portal-kit/ui'
import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { connection } from 'next/server'
import { billing } from '@/lib/billing'
import { currentUser } from '@/lib/session'

export const metadata: Metadata = { title: 'Dashboard · Acme Notes' }
export const instant = false

const sampleNotes = [
  { title: 'Launch checklist', body: 'Pricing page, billing settings, the webhook endpoint in the dashboard.' },
  { title: 'Team offsite', body: 'Book the room, share the agenda, collect dietary needs.' },
  { title: 'Reading list', body: 'Designing Data-Intensive Applications; The Pragmatic Programmer.' },
]

export default async function DashboardPage() {
  const user = await currentUser()
  if (!user) redirect('/sign-in?next=/dashboard')
  await connection()
  // The gate is decided on the server, so the page is right before hydration and without JavaScript.
  const status = await billing.api.getStatus(user.accountId)
  return (
    <main className="page">
      <h1>Dashboard</h1>
      <BillingProvider initialStatus={status} plansHref="/pricing">
        {/* An account without a subscription never gets here: the layout sends it to /pricing. */}
        <PastDueBanner />
        {status.access === 'read_only' ? <p className="notice">Your account is read-only</p> : null}
        <section aria-labelledby="notes-heading" className="notes">
          <div className="notes-header">
            <h2 id="notes-heading">Your notes</h2>
            {/* Writing needs full or grace access; read-only accounts keep reading. */}
            <AccessGate allow={['full', 'grace']}>
              <button type="button" className="button small">
                New note
              </button>
            </AccessGate>
          </div>
          <ul className="note-list">
            {sampleNotes.map((note) => (
              <li key={note.title} className="note">
                <h3>{note.title}</h3>
                <p>{note.body}</p>
              </li>
            ))}
          </ul>
        </section>
      </BillingProvider>
    </main>
  )
}
