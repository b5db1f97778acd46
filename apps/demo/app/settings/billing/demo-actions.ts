'use server'
import { createStripeClient } from '@portal-kit/server'
import { redirect } from 'next/navigation'
import type Stripe from 'stripe'
import { billing } from '@/lib/billing'
import { emulatorInUse } from '@/lib/emulator-in-use'
import { currentAccount } from '@/lib/session'

const billingPage = '/settings/billing'
const day = 24 * 60 * 60

interface DemoSubject {
  stripe: Stripe
  customerId: string
  subscription: Stripe.Subscription
  clock: Stripe.TestHelpers.TestClock
}

/** The signed-in account's live subscription and its customer's test clock, or a redirect saying why not. */
async function demoSubject(): Promise<DemoSubject> {
  if (!emulatorInUse()) redirect(billingPage)
  const account = await currentAccount()
  if (!account) redirect(`/sign-in?next=${billingPage}`)
  const stripe = createStripeClient()
  const { customerId } = await billing.api.ensureCustomer(account)
  const subscriptions = await stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 20 })
  const subscription = subscriptions.data.find((s) => ['active', 'trialing', 'past_due'].includes(s.status))
  if (!subscription) redirect(`${billingPage}?demo=no_subscription`)
  const customer = await stripe.customers.retrieve(customerId)
  const clockRef = 'deleted' in customer ? null : customer.test_clock
  if (!clockRef) redirect(`${billingPage}?demo=no_test_clock`)
  const clock = await stripe.testHelpers.testClocks.retrieve(typeof clockRef === 'string' ? clockRef : clockRef.id)
  return { stripe, customerId, subscription, clock }
}

/**
 * How far past a period's (or a trial's) end the clock goes: Stripe finalizes and charges the invoice a cycle creates
 * after its invoice finalization grace period (1 hour by default, as the emulator has it), so a minute past that.
 */
const pastTheCharge = 3600 + 60

/** When the subscription's current period ends (the clock's time if it has no item). */
function currentPeriodEnd({ subscription, clock }: DemoSubject): number {
  return subscription.items.data[0]?.current_period_end ?? clock.frozen_time
}

/** Moves the clock (which runs renewals, retries and their webhooks), then syncs so the page is right at once. */
async function advanceAndSync({ stripe, customerId, clock }: DemoSubject, frozenTime: number): Promise<never> {
  await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Math.max(frozenTime, clock.frozen_time + 1) })
  await billing.api.syncCustomer(customerId)
  redirect(billingPage)
}

/**
 * Puts a card that always declines on the subscription and moves the test clock just past the renewal's charge,
 * so it fails and the subscription goes past_due (the grace period starts).
 */
export async function makeNextPaymentFail(): Promise<never> {
  const subject = await demoSubject()
  const { stripe, customerId, subscription } = subject
  const periodEnd = currentPeriodEnd(subject)
  // Moving the clock would end the subscription instead of failing a payment, which is not what was asked.
  if (subscription.cancel_at_period_end || (subscription.cancel_at !== null && subscription.cancel_at <= periodEnd)) {
    redirect(`${billingPage}?demo=no_next_payment`)
  }
  const card = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customerId })
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: card.id } })
  await stripe.subscriptions.update(subscription.id, { default_payment_method: card.id })
  return advanceAndSync(subject, periodEnd + pastTheCharge)
}

/**
 * After a failed payment, moves the clock past the last retry: the emulator then marks the subscription
 * unpaid (`pnpm demo` starts it with afterFinalFailure 'unpaid'), and the account becomes read-only.
 */
export async function exhaustPaymentRetries(): Promise<never> {
  const subject = await demoSubject()
  if (subject.subscription.status !== 'past_due') redirect(`${billingPage}?demo=not_past_due`)
  return advanceAndSync(subject, subject.clock.frozen_time + 8 * day)
}

/** Moves the clock just past the renewal's charge: the subscription renews (or, with a failing card, fails). */
export async function advanceOneMonth(): Promise<never> {
  const subject = await demoSubject()
  const periodEnd = currentPeriodEnd(subject)
  return advanceAndSync(subject, periodEnd + pastTheCharge)
}

/** Puts a working card on the customer and subscription and pays what is open: past due becomes active. */
export async function recoverPayment(): Promise<never> {
  const { stripe, customerId, subscription } = await demoSubject()
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customerId })
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: card.id } })
  await stripe.subscriptions.update(subscription.id, { default_payment_method: card.id })
  const open = await stripe.invoices.list({ customer: customerId, status: 'open', limit: 10 })
  for (const invoice of open.data) {
    if (invoice.id) await stripe.invoices.pay(invoice.id, { payment_method: card.id })
  }
  await billing.api.syncCustomer(customerId)
  redirect(billingPage)
}

/**
 * Starts a 7-day trial of Starter without a card (the demo's way into the trial states), for an account
 * with no live subscription. Checkout is the real way in; this skips it to show the trial banners.
 */
export async function startTrial(): Promise<never> {
  if (!emulatorInUse()) redirect(billingPage)
  const account = await currentAccount()
  if (!account) redirect(`/sign-in?next=${billingPage}`)
  const stripe = createStripeClient()
  const { customerId } = await billing.api.ensureCustomer(account)
  const live = await stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 20 })
  if (live.data.some((s) => ['active', 'trialing', 'past_due', 'unpaid'].includes(s.status))) {
    redirect(`${billingPage}?demo=already_subscribed`)
  }
  const [starter] = (await stripe.prices.list({ lookup_keys: ['acme_starter_monthly'], limit: 1 })).data
  if (!starter) redirect(`${billingPage}?demo=no_plans`)
  await stripe.subscriptions.create({
    customer: customerId,
    items: [{ price: starter.id }],
    trial_period_days: 7,
    trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    metadata: { accountId: account.id },
  })
  await billing.api.syncCustomer(customerId)
  redirect(billingPage)
}

/** Moves the clock past the trial's end: with a card it turns into a paid subscription, without one it pauses. */
export async function endTrial(): Promise<never> {
  const subject = await demoSubject()
  if (subject.subscription.status !== 'trialing' || !subject.subscription.trial_end) {
    redirect(`${billingPage}?demo=not_trialing`)
  }
  return advanceAndSync(subject, subject.subscription.trial_end + pastTheCharge)
}
