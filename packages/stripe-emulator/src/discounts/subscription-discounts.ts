import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import { endDiscount, storedDiscounts } from './discount.js'
import type { PromotionOrder } from './promotion-code.js'
import { type DiscountRequest, type DiscountTarget, redeemDiscounts } from './redeem-discounts.js'

type DiscountedSubscription = Stripe.Subscription & StoredObject

/**
 * The discount ids a subscription will have after `discounts` on create or update: a list replaces the current ones
 * (entries `{ discount }` keep one), `null` (`discounts=''`) removes them all, an empty list changes nothing.
 * Discounts that go away end with customer.discount.deleted; new ones are redeemed.
 */
export function nextSubscriptionDiscounts(
  emulator: Emulator,
  subscription: { id: string; customer: string; testClock: string | null; discounts: Array<string | Stripe.Discount> },
  requests: DiscountRequest[] | null,
  order?: PromotionOrder,
): string[] {
  const { id, discounts, ...owner } = subscription
  return nextDiscounts(emulator, discounts, { ...owner, subscription: id, ...(order ? { order } : {}) }, requests)
}

/**
 * The discount ids an object (a subscription, a draft invoice) will have after `discounts[]`, with the same rules as
 * nextSubscriptionDiscounts; new discounts name `target`'s subscription or invoice.
 */
export function nextDiscounts(
  emulator: Emulator,
  discounts: Array<string | { id: string }>,
  target: Omit<DiscountTarget, 'existing'>,
  requests: DiscountRequest[] | null,
): string[] {
  const current = storedDiscounts(emulator, discounts)
  if (requests !== null && requests.length === 0) return current.map((discount) => discount.id)
  const next = redeemDiscounts(emulator, requests ?? [], { ...target, existing: current })
  for (const discount of current) {
    if (!next.includes(discount)) endDiscount(emulator, discount, target.testClock)
  }
  return next.map((discount) => discount.id)
}

/**
 * `DELETE /v1/subscriptions/:id/discount`: removes the subscription's discount (customer.discount.deleted, then
 * customer.subscription.updated) and answers it as a deleted discount.
 */
export function deleteSubscriptionDiscount(
  emulator: Emulator,
  subscription: DiscountedSubscription,
): Stripe.DeletedDiscount {
  const [discount] = storedDiscounts(emulator, subscription.discounts)
  if (!discount) {
    throw new StripeApiError(
      404,
      'invalid_request_error',
      `No active discount for subscription: '${subscription.id}'`,
      'resource_missing',
    )
  }
  const testClock = (subscription.test_clock as string | null) ?? null
  const before = structuredClone(subscription)
  subscription.discounts = subscription.discounts.filter((d) => (typeof d === 'string' ? d : d.id) !== discount.id)
  endDiscount(emulator, discount, testClock)
  emitUpdate(emulator, 'customer.subscription.updated', before, subscription, testClock)
  const { end: _end, ...rest } = discount
  return { ...rest, deleted: true }
}
