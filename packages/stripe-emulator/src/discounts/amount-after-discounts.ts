import type { Emulator } from '../emulator.js'
import { couponAmounts, type DiscountableLine } from './coupon-amounts.js'
import type { PromotionOrder } from './promotion-code.js'
import { checkDiscountRequest, type DiscountRequest } from './redeem-discounts.js'

/**
 * What `lines` come to after the coupons and codes of `requests`, checked (Stripe's errors for any that cannot be
 * redeemed) but not redeemed: so a subscription can know whether its first invoice charges anything (a 100% off
 * coupon needs no payment method) before anything is created.
 */
export function amountAfterDiscounts(
  emulator: Emulator,
  requests: DiscountRequest[] | null | undefined,
  lines: DiscountableLine[],
  target: { customer: string; testClock: string | null; order: PromotionOrder },
): number {
  const remaining = lines.map((line) => ({ ...line }))
  for (const request of requests ?? []) {
    const checked = checkDiscountRequest(emulator, request, { ...target, existing: [] })
    if ('kept' in checked) continue
    couponAmounts(checked.coupon, target.order.currency, remaining).forEach((amount, i) => {
      const line = remaining[i]
      if (line) line.amount -= amount
    })
  }
  return remaining.reduce((sum, line) => sum + line.amount, 0)
}
