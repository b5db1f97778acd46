import { BillingErrorNotice, BillingProvider, CheckoutButton } from '@portal-kit/ui'
import type { Metadata } from 'next'
import Link from 'next/link'
import { connection } from 'next/server'
import { billing } from '@/lib/billing'
import { listPlans } from '@/lib/list-plans'
import { currentUser } from '@/lib/session'

export const metadata: Metadata = { title: 'Plans · Acme Notes' }
// Prices are read from Stripe for each request, not at build time (the build has no Stripe key).
export const instant = false

export default async function PricingPage({ searchParams }: PageProps<'/pricing'>) {
  const user = await currentUser()
  const { billing_error, from } = await searchParams
  await connection()
  const [plans, status] = await Promise.all([
    listPlans(),
    user ? billing.api.getStatus(user.accountId) : Promise.resolve(null),
  ])
  const currentPriceId = status?.subscription && status.access !== 'none' ? status.subscription.plan.priceId : null
  return (
    <main className="page">
      <h1>Plans</h1>
      {from === 'dashboard' ? (
        <p role="status" className="notice">
          Choose a plan to use Acme Notes
        </p>
      ) : null}
      <p className="muted">
        Notes for you or your whole team. Change plans or cancel at any time in the billing portal.
      </p>
      <p className="muted">
        Have a promotion code? Enter it at checkout: <strong>WELCOME20</strong> takes 20% off your first 3 months.
      </p>
      <BillingProvider
        key={status?.version ?? 'signed-out'}
        initialStatus={status}
        plansHref="/pricing"
        returnError={typeof billing_error === 'string' ? billing_error : null}
      >
        <BillingErrorNotice />
        <div className="plans">
          {plans.map((plan) => (
            <section key={plan.priceId} aria-label={plan.label} className="plan">
              <h2>{plan.productName}</h2>
              <p className="plan-price">{plan.price}</p>
              {plan.priceId === currentPriceId ? <p className="plan-current">Your current plan</p> : null}
              {user ? (
                <CheckoutButton priceId={plan.priceId} returnPath="/pricing">
                  Subscribe
                </CheckoutButton>
              ) : (
                <Link className="button" href="/sign-in?next=/pricing">
                  Sign in to subscribe
                </Link>
              )}
            </section>
          ))}
        </div>
        {plans.length === 0 ? <p>No plans yet. Run `pnpm demo` to seed them.</p> : null}
      </BillingProvider>
    </main>
  )
}
