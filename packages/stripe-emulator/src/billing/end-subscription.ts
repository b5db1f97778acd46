import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import type { StoredInvoice } from './create-invoice.js'
import { scheduleFinalization } from './schedule-finalization.js'
import type { StoredSubscription } from './subscription.js'

/**
 * Ends a subscription now: status `canceled`, `ended_at`, a cancellation reason, no more automatic collection of its
 * open invoices, and no automatic finalization of a draft still in its finalization grace period ("the customer
 * won't be charged again for the subscription"). Emits customer.subscription.deleted.
 */
export function endSubscription(
  emulator: Emulator,
  subscription: StoredSubscription,
  reason: Stripe.Subscription.CancellationDetails.Reason,
): void {
  const testClock = (subscription.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  subscription.status = 'canceled'
  subscription.ended_at = now
  subscription.canceled_at ??= now
  const details = subscription.cancellation_details
  subscription.cancellation_details = {
    comment: details?.comment ?? null,
    feedback: details?.feedback ?? null,
    feedback_option: details?.feedback_option ?? null,
    reason: details?.reason ?? reason,
  }
  for (const invoice of emulator.state.listWhere<StoredInvoice>(
    'invoice',
    'subscription',
    subscription.id,
    (i) => i.status === 'open' || (i.status === 'draft' && i.automatically_finalizes_at !== null),
  )) {
    if (invoice.status === 'open') {
      invoice.next_payment_attempt = null
    } else {
      invoice.auto_advance = false
      scheduleFinalization(invoice, null)
    }
  }
  emulator.emit('customer.subscription.deleted', subscription, { testClock })
}
