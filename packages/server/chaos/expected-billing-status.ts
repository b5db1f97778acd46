import {
  type BillingPolicy,
  type BillingStatus,
  deriveBillingStatus,
  selectPrimarySubscription,
} from '@portal-kit/core'
import type Stripe from 'stripe'
import { invoiceSubscriptionId } from '../src/webhooks/event-customer-id.js'

/**
 * The payment history of one subscription as Stripe's events tell it (unix seconds): failures are
 * `invoice.payment_failed` / `invoice.payment_action_required` and a move to `past_due`; payments
 * are `invoice.paid` / `invoice.payment_succeeded`.
 */
interface PaymentHistory {
  failures: number[]
  actionsRequired: number[]
  payments: number[]
}

/** The subscription an event's invoice or subscription object belongs to. */
function subscriptionOfEvent(event: Stripe.Event): string | null {
  const object = event.data.object as { object?: string; id?: string }
  if (object.object === 'subscription') return object.id ?? null
  if (object.object === 'invoice') return invoiceSubscriptionId(event.data.object as Stripe.Invoice)
  return null
}

/** Every subscription's payment history from a customer's events. */
export function paymentHistories(events: readonly Stripe.Event[]): Map<string, PaymentHistory> {
  const histories = new Map<string, PaymentHistory>()
  for (const event of events) {
    const subscriptionId = subscriptionOfEvent(event)
    if (!subscriptionId) continue
    const history = histories.get(subscriptionId) ?? { failures: [], actionsRequired: [], payments: [] }
    histories.set(subscriptionId, history)
    switch (event.type) {
      case 'invoice.paid':
      case 'invoice.payment_succeeded':
        history.payments.push(event.created)
        break
      case 'invoice.payment_action_required':
        history.actionsRequired.push(event.created)
        history.failures.push(event.created)
        break
      case 'invoice.payment_failed':
        history.failures.push(event.created)
        break
      case 'customer.subscription.updated': {
        const previous = event.data.previous_attributes as { status?: string } | undefined
        const status = (event.data.object as Stripe.Subscription).status
        if (status === 'past_due' && previous?.status && previous.status !== 'past_due') {
          history.failures.push(event.created)
        }
        break
      }
      default:
        break
    }
  }
  return histories
}

/**
 * The `BillingStatus` core derives from Stripe's truth: the customer's subscriptions as Stripe holds
 * them, past due since the first failure after the last payment, at `now`. `syncedAt` is the store's
 * bookkeeping, not Stripe's, so it is taken as given.
 */
export function expectedBillingStatus(input: {
  customerId: string
  subscriptions: readonly Stripe.Subscription[]
  events: readonly Stripe.Event[]
  syncedAt: Date | null
  now: number
  policy?: BillingPolicy
}): BillingStatus {
  const primary = selectPrimarySubscription(input.subscriptions)
  const history = primary ? paymentHistories(input.events).get(primary.id) : undefined
  const lastPayment = Math.max(-1, ...(history?.payments ?? []))
  const openFailures = (history?.failures ?? []).filter((at) => at > lastPayment)
  const actionRequired = (history?.actionsRequired ?? []).some((at) => at > lastPayment)
  return deriveBillingStatus(
    {
      customerId: input.customerId,
      subscription: primary,
      pastDueSince: openFailures.length > 0 ? new Date(Math.min(...openFailures) * 1000) : null,
      paymentActionRequired: actionRequired,
      syncedAt: input.syncedAt,
      planName: null,
    },
    input.now,
    input.policy,
  )
}
