import type { RunningEmulator } from '@portal-kit/stripe-emulator'
import type Stripe from 'stripe'

/**
 * The event types sent: those a subscription lifecycle emits that portal-kit acts on, which the
 * sync engine also applies from the payload without calling Stripe. Others the emulator emits
 * (`invoice.created`, `payment_method.attached`, ...) are left out, as an endpoint would not
 * subscribe to them.
 */
export const benchEventTypes: readonly string[] = [
  'customer.created',
  'customer.updated',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.trial_will_end',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
]

export interface GeneratedEvents {
  events: Stripe.Event[]
  customers: number
  /** How many of each type, for the results. */
  types: Record<string, number>
}

const day = 24 * 60 * 60

/**
 * Runs subscription lifecycles in the emulator and returns its real events of the bench types, in
 * emission order. Customers share test clocks in groups so renewals, failed payments and
 * cancellations happen on the clock's time without waiting.
 */
export async function generateEvents(
  emulator: RunningEmulator,
  stripe: Stripe,
  options: { atLeast: number; groupSize?: number; log?: (line: string) => void },
): Promise<GeneratedEvents> {
  const emitted: Stripe.Event[] = []
  emulator.emulator.onEvent((event) => {
    if (benchEventTypes.includes(event.type)) emitted.push(event)
  })
  const product = await stripe.products.create({ name: 'Pro' })
  const basic = await stripe.prices.create({
    product: product.id,
    unit_amount: 1900,
    currency: 'usd',
    recurring: { interval: 'month' },
  })
  const pro = await stripe.prices.create({
    product: product.id,
    unit_amount: 4900,
    currency: 'usd',
    recurring: { interval: 'month' },
  })
  const groupSize = options.groupSize ?? 10
  let customers = 0
  let group = 0
  const start = Math.floor(Date.now() / 1000)
  while (emitted.length < options.atLeast) {
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start })
    const members: { customer: Stripe.Customer; subscription: Stripe.Subscription; kind: number }[] = []
    for (let i = 0; i < groupSize; i++) {
      const kind = (group * groupSize + i) % 5
      const customer = await stripe.customers.create({
        email: `bench${customers}@example.com`,
        name: `Bench customer ${customers}`,
        metadata: { accountId: `acct_bench_${customers}` },
        test_clock: clock.id,
      })
      customers++
      // Kind 3 pays with a card whose charges fail: its trial ends in past_due and retries.
      const pm = await stripe.paymentMethods.attach(kind === 3 ? 'pm_card_chargeCustomerFail' : 'pm_card_visa', {
        customer: customer.id,
      })
      await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
      const subscription = await stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: basic.id }],
        ...(kind === 1 || kind === 3 ? { trial_period_days: 7 } : {}),
      })
      members.push({ customer, subscription, kind })
    }
    // Two renewals: trials end, failing cards go past_due and retry.
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 20 * day })
    for (const { subscription, kind } of members) {
      if (kind === 0) {
        const current = await stripe.subscriptions.retrieve(subscription.id)
        const item = current.items.data[0]
        if (item) await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: pro.id }] })
      }
      if (kind === 2) await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    }
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 45 * day })
    for (const { customer, subscription, kind } of members) {
      if (kind === 3) {
        // The customer fixes the card: the open invoice is paid and the subscription recovers.
        const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
        await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
        const open = await stripe.invoices.list({ subscription: subscription.id, status: 'open', limit: 10 })
        for (const invoice of open.data) if (invoice.id) await stripe.invoices.pay(invoice.id)
      }
      if (kind === 4) await stripe.subscriptions.cancel(subscription.id)
    }
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 70 * day })
    group++
    options.log?.(`  generated ${emitted.length} events from ${customers} customers`)
  }
  const types: Record<string, number> = {}
  for (const event of emitted) types[event.type] = (types[event.type] ?? 0) + 1
  return { events: emitted, customers, types }
}
