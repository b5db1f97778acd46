import type Stripe from 'stripe'
import { couponAmounts, type DiscountableLine } from './coupon-amounts.js'

/**
 * What each coupon takes off each line when they apply in order, each on what the previous ones left (Stripe's
 * stacking of an invoice's discounts). `lines` are not changed.
 */
export function stackCoupons(coupons: Stripe.Coupon[], currency: string, lines: DiscountableLine[]): number[][] {
  const remaining = lines.map((line) => ({ ...line }))
  return coupons.map((coupon) => {
    const amounts = couponAmounts(coupon, currency, remaining)
    amounts.forEach((amount, i) => {
      const line = remaining[i]
      if (line) line.amount -= amount
    })
    return amounts
  })
}
