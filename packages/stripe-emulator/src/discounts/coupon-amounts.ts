import type Stripe from 'stripe'

/** A line a coupon may reduce: what is left of it to discount, and its product. */
export interface DiscountableLine {
  amount: number
  product: string | null
}

/**
 * What a coupon takes off each line, in `currency`: 0 for lines of products outside `applies_to`. A percentage
 * applies to each line; an amount off is shared across the lines in proportion to their amounts (the last line takes
 * the rounding), never more than they are worth. An amount off in another currency takes nothing.
 */
export function couponAmounts(coupon: Stripe.Coupon, currency: string, lines: DiscountableLine[]): number[] {
  const products = coupon.applies_to?.products ?? []
  const eligible = lines.map(
    (line) => line.amount > 0 && (products.length === 0 || (line.product !== null && products.includes(line.product))),
  )
  const amounts = lines.map(() => 0)
  if (coupon.percent_off !== null) {
    lines.forEach((line, i) => {
      if (eligible[i]) amounts[i] = Math.round((line.amount * (coupon.percent_off ?? 0)) / 100)
    })
    return amounts
  }
  if (coupon.amount_off === null || coupon.currency !== currency) return amounts
  const indexes = lines.flatMap((_, i) => (eligible[i] ? [i] : []))
  const base = indexes.reduce((sum, i) => sum + (lines[i]?.amount ?? 0), 0)
  const off = Math.min(coupon.amount_off, base)
  let given = 0
  indexes.forEach((i, k) => {
    const share = k === indexes.length - 1 ? off - given : Math.floor((off * (lines[i]?.amount ?? 0)) / base)
    amounts[i] = share
    given += share
  })
  return amounts
}
