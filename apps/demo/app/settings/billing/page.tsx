import {
  BillingProvider,
  BillingSyncNotice,
  ManageBillingButton,
  PastDueBanner,
  SubscriptionStatusCard,
} from '@portal-kit/ui'
import type { Metadata } from 'next'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { connection } from 'next/server'
import { billing } from '@/lib/billing'
import { emulatorInUse } from '@/lib/emulator-in-use'
import { currentUser } from '@/lib/session'
import { openPortal } from './actions'
import {
  advanceOneMonth,
  endTrial,
  exhaustPaymentRetries,
  makeNextPaymentFail,
  recoverPayment,
  startTrial,
} from './demo-actions'
import { StatusPoller } from './status-poller'

export const metadata: Metadata = { title: 'Billing · Acme Notes' }

// Billing is per account and per request: render the whole page on the server for each request, so it
// is complete with or without JavaScript.
export const instant = false

const demoMessages: Record<string, string> = {
  no_subscription: 'Subscribe to a plan first: there is no payment to fail yet.',
  no_next_payment:
    'There is no next payment: this subscription ends at the end of its period. Keep it first to see a failed renewal.',
  not_past_due: 'Make a payment fail first: retries only run for a past-due subscription.',
  not_trialing: 'There is no trial to end: start one on an account without a subscription.',
  already_subscribed: 'This account already has a subscription: a trial is for a new account.',
  no_plans: 'The plans are not seeded: restart pnpm demo.',
  no_test_clock: 'This customer is not on a test clock, so its time cannot be moved. Sign in again as a new user.',
}

export default async function BillingSettingsPage({ searchParams }: PageProps<'/settings/billing'>) {
  const user = await currentUser()
  if (!user) redirect('/sign-in?next=/settings/billing')
  const { billing_error, billing_return, demo } = await searchParams
  // The fresh-state benchmark's contender: no sync on return, poll every 2 s (see bench/).
  const pollInsteadOfSync = (await cookies()).get('demo_return_sync')?.value === 'off'
  // Request time from here on: the status is derived with the current time.
  await connection()
  // Back from the portal or Checkout: read the account from Stripe first, so the page is right at once.
  const status = await billing.api.getStatus(user.accountId, {
    billingReturn: pollInsteadOfSync ? undefined : billing_return,
  })
  const demoMessage = typeof demo === 'string' ? demoMessages[demo] : undefined
  return (
    <main className="page">
      <h1>Billing</h1>
      <p className="muted">
        {user.team ? `${user.team} pays for Acme Notes. ` : ''}Plan, payment method and invoices for {user.email}.
      </p>
      <BillingProvider
        initialStatus={status}
        returnError={typeof billing_error === 'string' ? billing_error : null}
        plansHref="/pricing"
      >
        {pollInsteadOfSync ? <StatusPoller /> : <BillingSyncNotice />}
        <PastDueBanner />
        <SubscriptionStatusCard headingLevel={2} />
        <div className="row">
          <ManageBillingButton variant="link" formAction={openPortal}>
            View invoices
          </ManageBillingButton>
        </div>
      </BillingProvider>
      {emulatorInUse() ? (
        <section aria-label="Demo controls" className="demo-controls">
          <h2>Demo controls</h2>
          <p className="muted">
            Only with the local Stripe emulator: this account&apos;s customer lives on a test clock, so you can move its
            time.
          </p>
          {demoMessage ? (
            <p role="status" className="notice">
              {demoMessage}
            </p>
          ) : null}
          <div className="row">
            {[
              { action: advanceOneMonth, label: 'Advance one month' },
              { action: makeNextPaymentFail, label: 'Make the next payment fail' },
              { action: exhaustPaymentRetries, label: 'Use up the payment retries' },
              { action: recoverPayment, label: 'Recover with a working card' },
              { action: startTrial, label: 'Start a 7-day trial' },
              { action: endTrial, label: 'End the trial' },
            ].map(({ action, label }) => (
              <form key={label} action={action}>
                <button type="submit" className="button secondary">
                  {label}
                </button>
              </form>
            ))}
          </div>
        </section>
      ) : null}
    </main>
  )
}
