import type Stripe from 'stripe'
import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { createInvoice, finalizeInvoice, pendingInvoiceItems } from './create-invoice.js'
import { endSubscription } from './end-subscription.js'
import { collectAutomatically } from './pay-invoice.js'
import { billedItems, createProrations } from './prorate.js'
import { requireSubscription, type StoredSubscription } from './subscription.js'
import { currentPeriod } from './subscription-items.js'
import { endedStatuses, runningStatuses } from './subscription-statuses.js'

type Feedback = Stripe.Subscription.CancellationDetails.Feedback

export interface CancelSubscriptionOptions {
  invoiceNow?: boolean
  prorate?: boolean
  cancellationDetails?: { feedback?: string | null; comment?: string | null }
}

/**
 * Cancels a subscription now (`DELETE /v1/subscriptions/:id`): with `prorate`, a credit for the unused time; with
 * `invoiceNow`, a final invoice of everything pending. Emits customer.subscription.deleted.
 */
export function cancelSubscription(
  emulator: Emulator,
  id: string,
  options: CancelSubscriptionOptions = {},
): StoredSubscription {
  const subscription = requireSubscription(emulator, id, 'subscription')
  if (endedStatuses.includes(subscription.status)) {
    throw invalidRequest(
      `This subscription has already been canceled (status \`${subscription.status}\`).`,
      undefined,
      'subscription_canceled',
    )
  }
  const testClock = (subscription.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  if (options.prorate && runningStatuses.includes(subscription.status)) {
    createProrations(emulator, subscription, billedItems(subscription), [], now, currentPeriod(subscription))
  }
  subscription.canceled_at = now
  subscription.cancellation_details = {
    comment: options.cancellationDetails?.comment ?? null,
    feedback: (options.cancellationDetails?.feedback as Feedback | null | undefined) ?? null,
    feedback_option: null,
    reason: 'cancellation_requested',
  }
  endSubscription(emulator, subscription, 'cancellation_requested')
  if (options.invoiceNow && pendingInvoiceItems(emulator, subscription.id).length > 0) {
    const customer = requireCustomer(emulator, subscription.customer as string, 'customer')
    const invoice = createInvoice(emulator, {
      customer,
      subscription,
      billingReason: 'subscription_update',
      lines: [],
      includePendingItems: true,
      periodStart: now,
      periodEnd: now,
    })
    subscription.latest_invoice = invoice.id
    finalizeInvoice(emulator, invoice, customer)
    collectAutomatically(emulator, invoice)
  }
  return subscription
}

/** Stripe cancels every subscription of a customer that is deleted, emitting customer.subscription.deleted. */
export function cancelSubscriptionsOfDeletedCustomer(emulator: Emulator, customerId: string): void {
  for (const subscription of emulator.state.listWhere<StoredSubscription>(
    'subscription',
    'customer',
    customerId,
    (s) => !endedStatuses.includes(s.status),
  )) {
    endSubscription(emulator, subscription, 'cancellation_requested')
  }
}
