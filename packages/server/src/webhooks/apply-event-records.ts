import type Stripe from 'stripe'
import type { BillingStoreWriter } from '../stores/billing-store.js'
import { eventCustomerId, invoiceSubscriptionId } from './event-customer-id.js'
import { payloadVersionRank } from './payload-version-rank.js'

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
 * What every event teaches the store whatever the sync mode: which account a customer belongs to,
 * when payments failed or succeeded (the event's own `created`, so a late webhook does not stretch
 * the grace period), and invoices.
 */
export async function applyEventRecords(tx: BillingStoreWriter, event: Stripe.Event): Promise<void> {
  const customerId = eventCustomerId(event)
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object
      if (customerId) {
        await tx.linkCustomer({
          customerId,
          accountId: session.client_reference_id ?? session.metadata?.accountId ?? null,
          email: session.customer_details?.email ?? null,
        })
      }
      return
    }
    case 'customer.created':
    case 'customer.updated': {
      const customer = event.data.object
      await tx.linkCustomer({
        customerId: customer.id,
        accountId: customer.metadata?.accountId || null,
        email: customer.email,
      })
      return
    }
    case 'customer.deleted':
      await tx.markCustomerDeleted(event.data.object.id)
      return
    case 'customer.subscription.updated': {
      const sub = event.data.object
      const previous = event.data.previous_attributes as { status?: string } | undefined
      if (sub.status === 'past_due' && previous?.status && previous.status !== 'past_due' && customerId) {
        await tx.recordPaymentFailure({ subscriptionId: sub.id, customerId, at: event.created, actionRequired: false })
      }
      return
    }
    case 'invoice.payment_failed':
    case 'invoice.payment_action_required':
    case 'invoice.paid':
    case 'invoice.payment_succeeded': {
      const invoice = event.data.object
      await tx.upsertInvoice({ invoice, sourceAt: event.created * 1000 })
      const subscriptionId = invoiceSubscriptionId(invoice)
      if (!subscriptionId || !customerId) return
      if (event.type === 'invoice.paid' || event.type === 'invoice.payment_succeeded') {
        await tx.recordPayment({ subscriptionId, customerId, at: event.created })
      } else {
        await tx.recordPaymentFailure({
          subscriptionId,
          customerId,
          at: event.created,
          actionRequired: event.type === 'invoice.payment_action_required',
        })
      }
      return
    }
    default:
      return
  }
}

/** Payload mode: the subscription in a `customer.subscription.*` event, versioned by the event. */
export async function applySubscriptionPayload(tx: BillingStoreWriter, event: Stripe.Event): Promise<void> {
  if (!event.type.startsWith('customer.subscription.')) return
  const subscription = event.data.object as Stripe.Subscription
  await tx.upsertSubscriptions([
    {
      subscription,
      sourceAt: event.created * 1000,
      sourceRank: payloadVersionRank(event.type, subscription.status),
      sourceId: event.id,
    },
  ])
}
