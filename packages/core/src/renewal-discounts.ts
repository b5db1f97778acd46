import type { BillingDiscount } from './billing-status.js'
import type { StripeCouponLike, StripeDiscountLike, StripeSubscriptionLike } from './stripe-subscription-like.js'

export interface RenewalDiscounts {
  discounts: BillingDiscount[]
  periodAmount: number | null
}

const durations: ReadonlyArray<BillingDiscount['duration']> = ['once', 'repeating', 'forever']

/**
 * The subscription's discounts that will reduce its next renewal, and what a period costs with them: each applies to
 * what the previous ones left, a percentage rounded to the minor unit, an amount never below zero (Stripe's stacking).
 * A discount counts only when its coupon is expanded and fits the plan's product and currency. A `repeating` one must
 * end after the renewal; a `once` one must not have been used, which it was by the invoice that started the current
 * period unless that was a trial's.
 */
export function renewalDiscounts(sub: StripeSubscriptionLike): RenewalDiscounts {
  const item = sub.items.data[0]
  if (!item) throw new RangeError(`Subscription ${sub.id} has no items.`)
  const { price } = item
  const productId = typeof price.product === 'string' ? price.product : price.product.id
  const renewsAt = item.current_period_end ?? sub.current_period_end ?? null
  const periodStart = item.current_period_start ?? sub.current_period_start ?? sub.created
  const discounts: BillingDiscount[] = []
  for (const entry of sub.discounts ?? []) {
    if (typeof entry === 'string') continue
    const coupon = couponOf(entry)
    if (!coupon || !durations.includes(coupon.duration as BillingDiscount['duration'])) continue
    if (coupon.applies_to && coupon.applies_to.products.length > 0 && !coupon.applies_to.products.includes(productId)) {
      continue
    }
    const amountOff = coupon.percent_off === null ? amountOffIn(coupon, price.currency) : null
    if (coupon.percent_off === null && amountOff === null) continue
    if (coupon.duration === 'repeating' && entry.end !== null && renewsAt !== null && entry.end <= renewsAt) continue
    if (coupon.duration === 'once' && sub.status !== 'trialing' && entry.start <= periodStart) continue
    discounts.push({
      id: entry.id,
      name: coupon.name ?? null,
      percentOff: coupon.percent_off,
      amountOff,
      duration: coupon.duration as BillingDiscount['duration'],
      end: entry.end === null ? null : new Date(entry.end * 1000).toISOString(),
    })
  }
  if (price.unit_amount === null) return { discounts, periodAmount: null }
  let periodAmount = price.unit_amount * (item.quantity ?? 1)
  for (const discount of discounts) {
    const off =
      discount.percentOff !== null
        ? Math.round((periodAmount * discount.percentOff) / 100)
        : Math.min(discount.amountOff ?? 0, periodAmount)
    periodAmount -= off
  }
  return { discounts, periodAmount }
}

function couponOf(discount: StripeDiscountLike): StripeCouponLike | null {
  const coupon = discount.source?.coupon ?? discount.coupon ?? null
  return coupon !== null && typeof coupon === 'object' ? coupon : null
}

/** An amount-off coupon's amount in `currency`: its own, or the one its currency options give; else none. */
function amountOffIn(coupon: StripeCouponLike, currency: string): number | null {
  if (coupon.amount_off === null) return null
  if (coupon.currency === currency) return coupon.amount_off
  return coupon.currency_options?.[currency]?.amount_off ?? null
}
