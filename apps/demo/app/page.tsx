import Link from 'next/link'

export default function Home() {
  return (
    <main className="page">
      <h1>Acme Notes</h1>
      <p>
        A small notes app that shows Portal Kit&apos;s billing journey end to end: plans read from Stripe, Checkout, the
        customer portal, webhooks, a past-due grace period and an access gate.
      </p>
      <p className="row">
        <Link className="button" href="/pricing">
          See the plans
        </Link>
        <Link className="button secondary" href="/settings/billing">
          Billing settings
        </Link>
      </p>
    </main>
  )
}
