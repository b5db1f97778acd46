import type Stripe from 'stripe'
import type { StoredSubscription } from '../billing/subscription.js'
import type { StoredCoupon } from '../discounts/coupon.js'
import { keepAndAddDiscounts } from '../discounts/keep-and-add-discounts.js'
import { promotionCoupon, type StoredPromotionCode } from '../discounts/promotion-code.js'
import { readDiscountsParam } from '../discounts/read-discounts-param.js'
import { checkDiscountRequest, type DiscountRequest } from '../discounts/redeem-discounts.js'
import type { Emulator } from '../emulator.js'
import type { Params } from '../http/params.js'
import { invalidRequest } from '../http/stripe-api-error.js'

export type ConfirmDiscount = Stripe.BillingPortal.Session.Flow.SubscriptionUpdateConfirm.Discount

const param = 'flow_data[subscription_update_confirm][discounts]'

/**
 * Reads `flow_data[subscription_update_confirm][discounts]`: coupons or promotion codes the customer can redeem now,
 * checked (not redeemed) when the session is made. Null when absent.
 */
export function readConfirmDiscounts(
  emulator: Emulator,
  data: Params,
  subscription: StoredSubscription,
): ConfirmDiscount[] | null {
  const requests = readDiscountsParam(data)
  if (!requests) return null
  return requests.map((request, i) => {
    if (request.discount !== undefined) {
      throw invalidRequest('Give a coupon or a promotion code.', `${param}[${i}][discount]`)
    }
    const checked = checkDiscountRequest(
      emulator,
      { ...request, param: `${param}[${i}]` },
      {
        customer: subscription.customer as string,
        testClock: (subscription.test_clock as string | null) ?? null,
        existing: [],
      },
    )
    if ('kept' in checked) throw new Error('unreachable: a flow discount is never an existing one')
    return { coupon: request.coupon ?? null, promotion_code: checked.promotionCode?.id ?? null }
  })
}

/**
 * The `discounts[]` of the update that confirms such a flow: the subscription's current discounts kept, the flow's
 * added (redeemed when the customer confirms). Undefined when the flow brings none.
 */
export function discountsOnConfirm(
  emulator: Emulator,
  subscription: StoredSubscription,
  discounts: ConfirmDiscount[] | null,
): DiscountRequest[] | undefined {
  if (!discounts || discounts.length === 0) return undefined
  return keepAndAddDiscounts(emulator, subscription.discounts, discounts)
}

/** The coupons a confirm flow's discounts redeem (a promotion code's coupon for a code), for previews. */
export function flowCoupons(emulator: Emulator, discounts: ConfirmDiscount[] | null): StoredCoupon[] {
  return (discounts ?? []).flatMap((discount) => {
    const code = discount.promotion_code
      ? emulator.state.find<StoredPromotionCode>('promotion_code', discount.promotion_code)
      : undefined
    const id = code ? promotionCoupon(code) : (discount.coupon ?? '')
    const coupon = emulator.state.find<StoredCoupon>('coupon', id)
    return coupon && !coupon.deleted ? [coupon] : []
  })
}
