import type Stripe from 'stripe'
import type { StoredSubscription } from '../billing/subscription.js'
import { updateSubscription } from '../billing/update-subscription.js'
import { couponExhausted, requireCoupon, type StoredCoupon } from '../discounts/coupon.js'
import { discountCoupon, storedDiscounts } from '../discounts/discount.js'
import type { Emulator } from '../emulator.js'
import type { Params } from '../http/params.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'

type Retention = Stripe.BillingPortal.Session.Flow.SubscriptionCancel.Retention

/** What the customer did with a session's retention offer; kept beside the session's other private progress. */
type RetentionProgress = { retentionOffer?: 'accepted' | 'declined' }

const base = 'flow_data[subscription_cancel][retention]'

/** Reads `flow_data[subscription_cancel][retention]`: a `coupon_offer` naming a coupon that can still be redeemed. */
export function readRetention(emulator: Emulator, params: Params | undefined): Retention | null {
  if (!params) return null
  params.only(['type', 'coupon_offer'])
  const type = params.enum('type', ['coupon_offer'] as const)
  if (!type) throw missingParam(`${base}[type]`)
  const offer = params.requiredObject('coupon_offer')
  offer.only(['coupon'])
  const coupon = requireCoupon(emulator, offer.requiredString('coupon'), `${base}[coupon_offer][coupon]`)
  if (couponExhausted(emulator, coupon)) {
    throw invalidRequest(`The coupon ${coupon.id} is no longer valid.`, `${base}[coupon_offer][coupon]`)
  }
  return { coupon_offer: { coupon: coupon.id }, type }
}

/**
 * The coupon to offer before a cancellation is confirmed: the flow's retention coupon, while the customer has neither
 * accepted nor declined it, the coupon can still be redeemed and the subscription does not already carry it.
 */
export function pendingRetentionCoupon(
  emulator: Emulator,
  session: { id: string; flow: Stripe.BillingPortal.Session.Flow | null },
  subscription: StoredSubscription,
): StoredCoupon | null {
  const couponId = session.flow?.subscription_cancel?.retention?.coupon_offer?.coupon
  if (!couponId || emulator.state.hidden<RetentionProgress>(session.id).retentionOffer) return null
  const coupon = emulator.state.find<StoredCoupon>('coupon', couponId)
  if (!coupon || coupon.deleted) return null
  const testClock = (subscription.test_clock as string | null) ?? null
  if (couponExhausted(emulator, coupon, emulator.now(testClock))) return null
  const applied = storedDiscounts(emulator, subscription.discounts).some((d) => discountCoupon(d) === coupon.id)
  return applied ? null : coupon
}

/**
 * "Accept offer": the coupon joins the subscription's discounts (customer.discount.created, then
 * customer.subscription.updated) and the subscription carries on uncanceled.
 */
export function acceptRetentionOffer(
  emulator: Emulator,
  session: { id: string },
  subscription: StoredSubscription,
  coupon: StoredCoupon,
): StoredSubscription {
  const kept = storedDiscounts(emulator, subscription.discounts).map((d) => ({ discount: d.id, param: 'discounts' }))
  const updated = updateSubscription(emulator, subscription.id, {
    discounts: [...kept, { coupon: coupon.id, param: `discounts[${kept.length}]` }],
  })
  emulator.state.hidden<RetentionProgress>(session.id).retentionOffer = 'accepted'
  return updated
}

/** "No thanks": the offer is not shown again in this session and the cancellation goes ahead. */
export function declineRetentionOffer(emulator: Emulator, session: { id: string }): void {
  emulator.state.hidden<RetentionProgress>(session.id).retentionOffer = 'declined'
}

export function retentionOfferAccepted(emulator: Emulator, sessionId: string): boolean {
  return emulator.state.hidden<RetentionProgress>(sessionId).retentionOffer === 'accepted'
}
