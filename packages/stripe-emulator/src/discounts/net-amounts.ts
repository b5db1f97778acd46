import type { DiscountableLine } from './coupon-amounts.js'
import type { RunningDiscount } from './preview-invoice-discounts.js'
import { stackCoupons } from './stack-coupons.js'

/**
 * What each of `lines` comes to net of `discounts`, stacked in order as on an invoice (so an amount off is shared
 * across the lines it applies to), and the ids of the discounts that took something from it.
 */
export function netAmounts(
  lines: DiscountableLine[],
  discounts: RunningDiscount[],
  currency: string,
): Array<{ amount: number; discounts: string[] }> {
  const stacked = stackCoupons(
    discounts.map((d) => d.coupon),
    currency,
    lines,
  )
  return lines.map((line, i) => ({
    amount: line.amount - stacked.reduce((sum, amounts) => sum + (amounts[i] ?? 0), 0),
    discounts: discounts.flatMap((d, k) => (d.id !== null && (stacked[k]?.[i] ?? 0) > 0 ? [d.id] : [])),
  }))
}
