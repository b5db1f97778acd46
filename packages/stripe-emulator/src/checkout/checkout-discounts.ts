import type Stripe from 'stripe'
import type { StoredCoupon } from '../discounts/coupon.js'
import { couponAmounts } from '../discounts/coupon-amounts.js'
import { findActivePromotionCode, type PromotionOrder } from '../discounts/promotion-code.js'
import { checkDiscountRequest, type DiscountRequest } from '../discounts/redeem-discounts.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { amountDueToday } from './checkout-billing-cycle.js'
import type { CheckoutLineItem, CheckoutSessionPlan, StoredCheckoutSession } from './checkout-session.js'

/**
 * Checks a Checkout Session's `discounts` (at most one, as Checkout allows, and not with `allow_promotion_codes`)
 * and answers them as the session shows them. Nothing is redeemed until the session completes.
 */
export function checkCheckoutDiscounts(
  emulator: Emulator,
  requests: DiscountRequest[],
  session: { customer: string | null; allowPromotionCodes: boolean; order: PromotionOrder },
): Stripe.Checkout.Session.Discount[] {
  if (requests.length === 0) return []
  if (session.allowPromotionCodes) {
    throw invalidRequest(
      'You may only specify one of these parameters: allow_promotion_codes, discounts.',
      'discounts',
      'parameters_exclusive',
    )
  }
  if (requests.length > 1) throw invalidRequest('Checkout Sessions accept at most one discount.', 'discounts')
  return requests.map((request) => {
    if (request.discount !== undefined) {
      throw invalidRequest('A Checkout Session takes a coupon or a promotion code.', `${request.param}[discount]`)
    }
    const checked = checkDiscountRequest(emulator, request, {
      customer: session.customer,
      testClock: null,
      existing: [],
      order: session.order,
    })
    if ('kept' in checked) throw new Error('unreachable: a checkout discount is never an existing one')
    return { coupon: checked.coupon.id, promotion_code: checked.promotionCode?.id ?? null }
  })
}

/**
 * The hosted page's "Apply" for a promotion code the customer typed (case-insensitive): checked as Stripe would,
 * then shown in the session's totals. Throws a 400 StripeApiError for a code that does not apply.
 */
export function applyPromotionCodeToCheckout(emulator: Emulator, session: StoredCheckoutSession, typed: string): void {
  if (!session.allow_promotion_codes) throw invalidRequest('This checkout does not take promotion codes.', 'code')
  const code = findActivePromotionCode(emulator, typed)
  if (!code) throw invalidRequest('This code is invalid.', 'code', 'promotion_code_invalid')
  const [discount] = checkCheckoutDiscounts(emulator, [{ promotionCode: code.id, param: 'code' }], {
    customer: (session.customer as string | null) ?? null,
    allowPromotionCodes: false,
    order: orderOf(emulator.state.hidden<CheckoutSessionPlan>(session.id).lineItems),
  })
  setCheckoutDiscounts(emulator, session, discount ? [discount] : [])
}

/** Sets the session's discounts and recomputes what it shows: each line's and the session's `amount_discount`, the totals. */
export function setCheckoutDiscounts(
  emulator: Emulator,
  session: StoredCheckoutSession,
  discounts: Stripe.Checkout.Session.Discount[],
): void {
  const plan = emulator.state.hidden<CheckoutSessionPlan>(session.id)
  session.discounts = discounts
  const lines = plan.lineItems.map((item) => ({
    amount: amountDueToday(plan, item),
    product: typeof item.price?.product === 'string' ? item.price.product : null,
  }))
  const amounts = lines.map(() => 0)
  for (const discount of discounts) {
    const couponId = typeof discount.coupon === 'string' ? discount.coupon : (discount.coupon?.id ?? '')
    const coupon = emulator.state.find<StoredCoupon>('coupon', couponId)
    if (!coupon) continue
    couponAmounts(coupon, session.currency ?? 'usd', lines).forEach((amount, i) => {
      amounts[i] = (amounts[i] ?? 0) + amount
    })
  }
  plan.lineItems.forEach((item, i) => {
    item.amount_discount = amounts[i] ?? 0
    item.amount_total = item.amount_subtotal - item.amount_discount
  })
  const discounted = amounts.reduce((sum, amount) => sum + amount, 0)
  session.total_details = {
    ...(session.total_details ?? { amount_shipping: 0, amount_tax: 0 }),
    amount_discount: discounted,
  }
  session.amount_total = (session.amount_subtotal ?? 0) - discounted
}

/** What the session sells, before discounts and trials, for a promotion code's `minimum_amount`. */
export function orderOf(lineItems: CheckoutLineItem[]): PromotionOrder {
  return {
    subtotal: lineItems.reduce((sum, item) => sum + item.amount_subtotal, 0),
    currency: lineItems[0]?.currency ?? 'usd',
  }
}
