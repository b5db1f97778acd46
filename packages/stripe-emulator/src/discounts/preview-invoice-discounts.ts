import type Stripe from 'stripe'
import { addInterval } from '../billing/billing-period.js'
import type { Emulator } from '../emulator.js'
import type { DiscountableLine } from './coupon-amounts.js'
import { type DiscountState, storedDiscounts } from './discount.js'
import { stackCoupons } from './stack-coupons.js'

/** A line of an invoice not made yet; prorations and some invoice items are not `discountable`. */
export interface PreviewLine extends DiscountableLine {
  discountable: boolean
}

/** A discount as a preview sees it: its id (null for a coupon not redeemed yet), coupon, when it starts and ends, and whether a `once` one is used up. */
export interface RunningDiscount {
  id: string | null
  coupon: Stripe.Coupon
  start: number
  end: number | null
  usedUp: boolean
}

/**
 * The discounts invoices after `at` will apply, in order: the subscription's own (the coupon as redeemed), then the
 * coupons a change adds (redeemed at `at`, a `repeating` one ending its months later).
 */
export function discountsAhead(
  emulator: Emulator,
  discounts: Array<string | Stripe.Discount>,
  addedCoupons: Stripe.Coupon[],
  at: number,
): RunningDiscount[] {
  const own = storedDiscounts(emulator, discounts).map((discount) => {
    const state = emulator.state.hidden<DiscountState>(discount.id)
    return {
      id: discount.id,
      coupon: state.coupon,
      start: discount.start,
      end: discount.end,
      usedUp: state.usedOn !== undefined,
    }
  })
  const added = addedCoupons.map((coupon) => ({
    id: null,
    coupon,
    start: at,
    end: coupon.duration === 'repeating' ? addInterval(at, 'month', coupon.duration_in_months ?? 1) : null,
    usedUp: false,
  }))
  return [...own, ...added]
}

/**
 * What `discounts` take off an invoice of `lines` made at `date`, as applyInvoiceDiscounts will: only discounts still
 * running then, each on what the previous left, only on discountable lines. A `once` discount that takes something
 * is marked used up, so the next previewed invoice goes without it.
 */
export function previewInvoiceDiscount(
  discounts: RunningDiscount[],
  currency: string,
  lines: PreviewLine[],
  date: number,
): number {
  const running = discounts.filter((d) => !d.usedUp && (d.end === null || d.end > date))
  const stacked = stackCoupons(
    running.map((d) => d.coupon),
    currency,
    lines.map((line) => ({ amount: line.discountable ? Math.max(0, line.amount) : 0, product: line.product })),
  )
  return running.reduce((total, discount, k) => {
    const sum = (stacked[k] ?? []).reduce((a, b) => a + b, 0)
    if (sum > 0 && discount.coupon.duration === 'once') discount.usedUp = true
    return total + sum
  }, 0)
}
