import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredSubscription = Stripe.Subscription & StoredObject

const incompleteExpiresAfter = 23 * 3600

/** Returns a subscription or throws Stripe's 404. */
export function requireSubscription(emulator: Emulator, id: string, param = 'subscription'): StoredSubscription {
  const subscription = emulator.state.find<StoredSubscription>('subscription', id)
  if (!subscription) throw noSuchResource('subscription', id, param)
  return subscription
}

/** When an `incomplete` subscription expires if its first invoice stays unpaid. */
export function incompleteExpiresAt(subscription: StoredSubscription): number {
  return subscription.created + incompleteExpiresAfter
}

/** Stripe's `cancellation_details.feedback` values, also offered as reasons by the portal. */
export const cancellationFeedbackValues = [
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
] as const
