import type Stripe from 'stripe'

export const operationKinds = [
  'subscribe',
  'upgrade',
  'downgrade',
  'changeQuantity',
  'cancelAtPeriodEnd',
  'cancelAtDate',
  'cancelNow',
  'resume',
  'failPayment',
  'recover',
  'advanceClock',
] as const

export type OperationKind = (typeof operationKinds)[number]

/** One paying account: its Stripe customer on a test clock of its own, and that clock's time. */
export interface SoakCustomer {
  accountId: string
  customerId: string
  clockId: string
  /** The clock's frozen time (unix seconds). */
  clockTime: number
}

/** What an operation did: changed Stripe, was refused by Stripe, or had nothing to act on. */
export type OperationOutcome = 'applied' | 'refused' | 'skipped'

const day = 86_400
const hour = 3600
const endedStatuses: readonly string[] = ['canceled', 'incomplete_expired']

/**
 * Runs one billing operation for a customer through the official SDK, as the app, the portal or
 * time would. Stripe refusing a transition (an invalid request) changes nothing and is reported.
 * Clocks stay more than a day behind real time, so a sync's version (real time) orders after them.
 */
export async function runBillingOperation(
  stripe: Stripe,
  customer: SoakCustomer,
  kind: OperationKind,
  context: { prices: readonly string[]; random: () => number; latestClockTime: number },
): Promise<OperationOutcome> {
  const { prices, random } = context
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  try {
    const live = await liveSubscription(stripe, customer.customerId)
    if (kind === 'subscribe' || (!live && kind !== 'advanceClock' && kind !== 'recover')) {
      await stripe.subscriptions.create({
        customer: customer.customerId,
        items: [{ price: pick(prices), quantity: 1 + Math.floor(random() * 3) }],
      })
      return 'applied'
    }
    const item = live?.items.data[0]
    switch (kind) {
      case 'upgrade':
      case 'downgrade': {
        if (!live || !item) return 'skipped'
        const at = prices.indexOf(item.price.id)
        const next = prices[kind === 'upgrade' ? at + 1 : at - 1]
        if (!next) return 'skipped'
        await stripe.subscriptions.update(live.id, {
          items: [{ id: item.id, price: next }],
          proration_behavior: kind === 'upgrade' ? 'always_invoice' : 'create_prorations',
        })
        return 'applied'
      }
      case 'changeQuantity':
        if (!live || !item) return 'skipped'
        await stripe.subscriptions.update(live.id, {
          items: [{ id: item.id, quantity: 1 + Math.floor(random() * 5) }],
        })
        return 'applied'
      case 'cancelAtPeriodEnd':
        if (!live) return 'skipped'
        await stripe.subscriptions.update(live.id, { cancel_at_period_end: true })
        return 'applied'
      case 'cancelAtDate':
        if (!live) return 'skipped'
        await stripe.subscriptions.update(live.id, {
          cancel_at: customer.clockTime + (2 + Math.floor(random() * 50)) * day,
        })
        return 'applied'
      case 'cancelNow':
        if (!live) return 'skipped'
        await stripe.subscriptions.cancel(live.id)
        return 'applied'
      case 'resume':
        if (!live) return 'skipped'
        await stripe.subscriptions.update(live.id, { cancel_at_period_end: false, cancel_at: '' })
        return 'applied'
      case 'failPayment': {
        if (!live || !item) return 'skipped'
        await setDefaultCard(stripe, customer.customerId, 'pm_card_chargeCustomerFail')
        // The renewal at the end of the period is charged to the failing card.
        return advanceTo(stripe, customer, item.current_period_end + hour, context.latestClockTime)
      }
      case 'recover': {
        await setDefaultCard(stripe, customer.customerId, 'pm_card_visa')
        const open = await stripe.invoices.list({ customer: customer.customerId, status: 'open', limit: 100 })
        for (const invoice of open.data) await stripe.invoices.pay(invoice.id)
        return 'applied'
      }
      case 'advanceClock':
        return advanceTo(
          stripe,
          customer,
          customer.clockTime + (1 + Math.floor(random() * 20)) * day,
          context.latestClockTime,
        )
      default:
        return 'skipped'
    }
  } catch (error) {
    if ((error as { type?: string }).type === 'StripeInvalidRequestError') return 'refused'
    if ((error as { type?: string }).type === 'StripeCardError') return 'refused'
    throw error
  }
}

/** The customer's newest subscription that has not ended, if any. */
async function liveSubscription(stripe: Stripe, customerId: string): Promise<Stripe.Subscription | null> {
  const all = await stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 })
  const live = all.data.filter((s) => !endedStatuses.includes(s.status))
  return live.sort((a, b) => b.created - a.created || b.id.localeCompare(a.id))[0] ?? null
}

async function setDefaultCard(stripe: Stripe, customerId: string, card: string): Promise<void> {
  const pm = await stripe.paymentMethods.attach(card, { customer: customerId })
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } })
}

async function advanceTo(
  stripe: Stripe,
  customer: SoakCustomer,
  to: number,
  latest: number,
): Promise<OperationOutcome> {
  const target = Math.min(to, latest)
  if (target <= customer.clockTime) return 'skipped'
  const clock = await stripe.testHelpers.testClocks.advance(customer.clockId, { frozen_time: target })
  customer.clockTime = clock.frozen_time
  return 'applied'
}
