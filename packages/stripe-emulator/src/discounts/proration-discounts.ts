import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { discountsAhead, type RunningDiscount } from './preview-invoice-discounts.js'

/** The discounts each side of a change's prorations is net of (`billing_mode.flexible.proration_discounts: included`). */
export interface ProrationDiscounts {
  /** Those that reduced the period's charge for the old items: the credit gives back a share of what was paid. */
  credit: RunningDiscount[]
  /** Those that reduce new charges at the change: the debit charges a share of the new items net of them. */
  debit: RunningDiscount[]
}

/**
 * Which discounts a change at `at` inside `period` prorates with. The credit takes the discounts `before` the change
 * that were running when the period was billed (a `once` one only if it was used, on that invoice); the debit takes
 * those running `after` it (with `added` coupons redeemed at `at`), but no `once` one, which is kept for the next
 * invoice's regular lines so it is not spent twice.
 */
export function prorationDiscounts(
  emulator: Emulator,
  discounts: {
    before: Array<string | Stripe.Discount>
    after: Array<string | Stripe.Discount>
    added?: Stripe.Coupon[]
  },
  at: number,
  period: { start: number },
): ProrationDiscounts {
  const billedWith = (d: RunningDiscount) =>
    d.start <= period.start && (d.end === null || d.end > period.start) && (d.coupon.duration !== 'once' || d.usedUp)
  const runningAt = (d: RunningDiscount) => d.coupon.duration !== 'once' && (d.end === null || d.end > at)
  return {
    credit: discountsAhead(emulator, discounts.before, [], at).filter(billedWith),
    debit: discountsAhead(emulator, discounts.after, discounts.added ?? [], at).filter(runningAt),
  }
}
