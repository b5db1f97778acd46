import type Stripe from 'stripe'
import type { WebhookEventWrites } from '../stores/billing-store.js'
import { eventCustomerId, invoiceSubscriptionId } from './event-customer-id.js'
import { payloadVersionRank } from './payload-version-rank.js'

/**
 * An event is stamped in seconds, a fetch in milliseconds. An event's version is placed at the end
 * of its second, so a change made after a sync in the same second is never older than that sync;
 * a stored version from the same second is a tie that `processWebhookEvent` settles with Stripe.
 */
export function payloadVersionAt(created: number): number {
  return created * 1000 + 999
}

/** Every event type the receiver acts on; others are recorded and acknowledged. */
export const handledEventTypes: readonly string[] = [
  'checkout.session.completed',
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.trial_will_end',
  'customer.subscription.pending_update_applied',
  'customer.subscription.pending_update_expired',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
  'invoice.payment_action_required',
]

/**
 * What an event writes, as one set for `applyWebhookEvent`. Whatever the sync mode: which account a
 * customer belongs to (only from `customer.metadata.accountId`, which only the app's API key sets), when payments failed or succeeded (the event's own `created`, so a late
 * webhook does not stretch the grace period), and invoices. In payload mode also the subscription
 * in a `customer.subscription.*` event, versioned by the event.
 */
export function eventRecords(event: Stripe.Event, mode: 'fetch' | 'payload'): WebhookEventWrites {
  const customerId = eventCustomerId(event)
  const writes: WebhookEventWrites = {}
  switch (event.type) {
    // Never a link: its client_reference_id is the payer's to choose on Payment Links and pricing
    // tables. A session the app made is on the customer `ensureCustomer` already linked.
    case 'checkout.session.completed':
      break
    case 'customer.created':
    case 'customer.updated': {
      const customer = event.data.object
      writes.customer = {
        customerId: customer.id,
        link: { accountId: customer.metadata?.accountId || null, email: customer.email },
      }
      break
    }
    case 'customer.deleted':
      writes.customer = { customerId: event.data.object.id, deleted: true }
      break
    case 'customer.subscription.updated': {
      const sub = event.data.object
      const previous = event.data.previous_attributes as { status?: string } | undefined
      if (sub.status === 'past_due' && previous?.status && previous.status !== 'past_due' && customerId) {
        writes.payment = {
          subscriptionId: sub.id,
          customerId,
          at: event.created,
          outcome: 'failed',
          actionRequired: false,
        }
      }
      break
    }
    case 'invoice.payment_failed':
    case 'invoice.payment_action_required':
    case 'invoice.paid':
    case 'invoice.payment_succeeded': {
      const invoice = event.data.object
      writes.invoice = { invoice, sourceAt: event.created * 1000 }
      const subscriptionId = invoiceSubscriptionId(invoice)
      if (!subscriptionId || !customerId) break
      writes.payment =
        event.type === 'invoice.paid' || event.type === 'invoice.payment_succeeded'
          ? { subscriptionId, customerId, at: event.created, outcome: 'paid' }
          : {
              subscriptionId,
              customerId,
              at: event.created,
              outcome: 'failed',
              actionRequired: event.type === 'invoice.payment_action_required',
            }
      break
    }
    default:
      break
  }
  if (mode === 'payload' && event.type.startsWith('customer.subscription.')) {
    const subscription = event.data.object as Stripe.Subscription
    writes.subscriptions = [
      {
        subscription,
        sourceAt: payloadVersionAt(event.created),
        sourceRank: payloadVersionRank(event.type, subscription.status),
        sourceId: event.id,
      },
    ]
  }
  return writes
}
