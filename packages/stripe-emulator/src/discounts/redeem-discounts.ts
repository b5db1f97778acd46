import { addInterval } from '../billing/billing-period.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest, StripeApiError } from '../http/stripe-api-error.js'
import { couponExhausted, refreshValidity, requireCoupon, type StoredCoupon } from './coupon.js'
import { type DiscountState, discountCoupon, type StoredDiscount } from './discount.js'
import {
  type PromotionOrder,
  promotionCodeRefusal,
  promotionCoupon,
  requirePromotionCode,
  type StoredPromotionCode,
} from './promotion-code.js'

/** One entry of a `discounts[]` parameter. */
export interface DiscountRequest {
  coupon?: string
  promotionCode?: string
  /** An existing discount of the same object, kept as it is. */
  discount?: string
  /** The parameter it came from, for errors (`discounts[0]`). */
  param: string
}

export interface DiscountTarget {
  customer: string
  subscription: string | null
  /** The invoice the discounts are for, when applied to one invoice directly. */
  invoice?: string | null
  testClock: string | null
  /** Discounts the object has now, which `{ discount }` entries may keep. */
  existing: StoredDiscount[]
  order?: PromotionOrder
}

/**
 * Turns `discounts[]` into discount objects for a subscription: existing ones are kept, coupons and promotion codes
 * are checked (valid, not past `redeem_by`/`expires_at`, under `max_redemptions`, the code's customer) before any is
 * redeemed, then each redemption counts on its coupon and code and emits customer.discount.created.
 */
export function redeemDiscounts(
  emulator: Emulator,
  requests: DiscountRequest[],
  target: DiscountTarget,
): StoredDiscount[] {
  const resolved = checkDiscountRequests(emulator, requests, target)
  return resolved.map((r) => ('kept' in r ? r.kept : createDiscount(emulator, r.coupon, r.promotionCode, target)))
}

/** Checks every entry of `discounts[]` as checkDiscountRequest does, and that no coupon comes twice; redeems nothing. */
export function checkDiscountRequests(
  emulator: Emulator,
  requests: DiscountRequest[],
  target: DiscountCheckTarget,
): CheckedDiscount[] {
  const resolved = requests.map((request) => checkDiscountRequest(emulator, request, target))
  const coupons = resolved.map((r) => ('kept' in r ? discountCoupon(r.kept) : r.coupon.id))
  const repeated = coupons.findIndex((coupon, i) => coupons.indexOf(coupon) !== i)
  if (repeated !== -1) {
    throw invalidRequest(
      `The coupon ${coupons[repeated]} can only be applied once.`,
      requests[repeated]?.param,
      'coupon_applied_twice',
    )
  }
  return resolved
}

/** Who redeems, when, what they already have and what they buy: what checking a `discounts[]` entry needs. */
export interface DiscountCheckTarget {
  customer: string | null
  testClock: string | null
  existing: StoredDiscount[]
  /** What is being bought, for a code's `minimum_amount`; unknown on a subscription update. */
  order?: PromotionOrder
}

export type CheckedDiscount =
  | { kept: StoredDiscount }
  | { coupon: StoredCoupon; promotionCode: StoredPromotionCode | null }

/**
 * Checks one `discounts[]` entry without redeeming it: what it names exists and can be redeemed now by `customer`
 * (null while unknown, as in a Checkout Session without one, which no customer-restricted code fits). Throws Stripe's error otherwise.
 */
export function checkDiscountRequest(
  emulator: Emulator,
  request: DiscountRequest,
  target: DiscountCheckTarget,
): CheckedDiscount {
  if (request.discount !== undefined) {
    const kept = target.existing.find((discount) => discount.id === request.discount)
    if (!kept) {
      throw invalidRequest(`No such discount on this object: '${request.discount}'`, `${request.param}[discount]`)
    }
    return { kept }
  }
  if (request.promotionCode !== undefined) {
    const param = `${request.param}[promotion_code]`
    const code = requirePromotionCode(emulator, request.promotionCode, param)
    const now = emulator.now(target.testClock)
    const refused = promotionCodeRefusal(emulator, code, { customer: target.customer, now, order: target.order })
    if (refused) throw invalidRequest(`This promotion code ${refused}.`, param)
    return { coupon: redeemableCoupon(emulator, promotionCoupon(code), param, now), promotionCode: code }
  }
  const param = `${request.param}[coupon]`
  return {
    coupon: redeemableCoupon(emulator, request.coupon ?? '', param, emulator.now(target.testClock)),
    promotionCode: null,
  }
}

function redeemableCoupon(emulator: Emulator, id: string, param: string, now: number): StoredCoupon {
  const coupon = requireCoupon(emulator, id, param)
  const exhausted = couponExhausted(emulator, coupon, now)
  if (exhausted) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `Coupon ${coupon.id} can no longer be redeemed: ${exhausted}.`,
      'coupon_expired',
      param,
    )
  }
  return coupon
}

function createDiscount(
  emulator: Emulator,
  coupon: StoredCoupon,
  promotionCode: StoredPromotionCode | null,
  target: DiscountTarget,
): StoredDiscount {
  const start = emulator.now(target.testClock)
  const discount: StoredDiscount = {
    id: emulator.state.newId('di'),
    object: 'discount',
    checkout_session: null,
    customer: target.customer,
    customer_account: null,
    end:
      coupon.duration === 'repeating' && coupon.duration_in_months
        ? addInterval(start, 'month', coupon.duration_in_months)
        : null,
    invoice: target.invoice ?? null,
    invoice_item: null,
    promotion_code: promotionCode?.id ?? null,
    source: { coupon: coupon.id, type: 'coupon' },
    start,
    subscription: target.subscription,
    subscription_item: null,
  }
  emulator.state.insert(discount)
  emulator.state.hidden<DiscountState>(discount.id).coupon = structuredClone(coupon)
  coupon.times_redeemed += 1
  refreshValidity(emulator, coupon)
  if (promotionCode) promotionCode.times_redeemed += 1
  emulator.emit('customer.discount.created', discount, { testClock: target.testClock })
  return discount
}
