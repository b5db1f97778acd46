'use server'
import { createStripeClient } from '@portal-kit/server'
import { redirect } from 'next/navigation'
import { billing } from '@/lib/billing'
import { emulatorInUse } from '@/lib/emulator-in-use'
import { currentAccount } from '@/lib/session'

const billingPage = '/settings/billing'

/**
 * Demo control: puts a card that always declines on the account's subscription and moves its test clock
 * just past the period end, so the renewal fails and the subscription goes past_due. Webhooks update the
 * app; syncing here as well makes the page right as soon as it reloads.
 */
export async function makeNextPaymentFail(): Promise<never> {
  if (!emulatorInUse()) redirect(billingPage)
  const account = await currentAccount()
  if (!account) redirect(`/sign-in?next=${billingPage}`)
  const stripe = createStripeClient()
  const { customerId } = await billing.api.ensureCustomer(account)
  const subscriptions = await stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 20 })
  const subscription = subscriptions.data.find((s) => ['active', 'trialing', 'past_due'].includes(s.status))
  if (!subscription) redirect(`${billingPage}?demo=no_subscription`)
  const customer = await stripe.customers.retrieve(customerId)
  const clockId = 'deleted' in customer ? null : customer.test_clock
  if (!clockId) redirect(`${billingPage}?demo=no_test_clock`)

  const card = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customerId })
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: card.id } })
  await stripe.subscriptions.update(subscription.id, { default_payment_method: card.id })

  const clock = await stripe.testHelpers.testClocks.retrieve(typeof clockId === 'string' ? clockId : clockId.id)
  const periodEnd = subscription.items.data[0]?.current_period_end ?? clock.frozen_time
  await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Math.max(periodEnd, clock.frozen_time) + 60 })
  await billing.api.syncCustomer(customerId)
  redirect(billingPage)
}
