import type { StoredSubscription } from './subscription.js'
import { currentPeriod } from './subscription-items.js'

/** `cancel_at_period_end` sets `cancel_at` to the period end; `cancel_at` a moment; false or null undo either. */
export function scheduleCancellation(
  subscription: StoredSubscription,
  changes: { cancelAtPeriodEnd?: boolean; cancelAt?: number | null },
  now: number,
): void {
  const details = subscription.cancellation_details ?? {
    comment: null,
    feedback: null,
    feedback_option: null,
    reason: null,
  }
  if (typeof changes.cancelAt === 'number') {
    subscription.cancel_at = changes.cancelAt
    subscription.cancel_at_period_end = false
    subscription.canceled_at = now
    subscription.cancellation_details = { ...details, reason: 'cancellation_requested' }
  } else if (changes.cancelAtPeriodEnd === true) {
    subscription.cancel_at = currentPeriod(subscription).end
    subscription.cancel_at_period_end = true
    subscription.canceled_at = now
    subscription.cancellation_details = { ...details, reason: 'cancellation_requested' }
  } else if (changes.cancelAtPeriodEnd === false || changes.cancelAt === null) {
    subscription.cancel_at = null
    subscription.cancel_at_period_end = false
    subscription.canceled_at = null
    subscription.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: null }
  }
}
