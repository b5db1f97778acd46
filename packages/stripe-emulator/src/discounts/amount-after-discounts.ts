import type { Emulator } from '../emulator.js'
import type { DiscountableLine } from './coupon-amounts.js'
import type { PromotionOrder } from './promotion-code.js'
import { checkDiscountRequest, type DiscountRequest } from './redeem-discounts.js'
import { stackCoupons } from './stack-coupons.js'

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
  const coupons = (requests ?? []).flatMap((request) => {
    const checked = checkDiscountRequest(emulator, request, { ...target, existing: [] })
    return 'kept' in checked ? [] : [checked.coupon]
  })
  const off = stackCoupons(coupons, target.order.currency, lines).flat()
  return lines.reduce((sum, line) => sum + line.amount, 0) - off.reduce((sum, amount) => sum + amount, 0)
}
