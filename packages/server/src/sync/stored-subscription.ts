import type Stripe from 'stripe'

/** What status reads of a coupon. The rest (`times_redeemed`, `valid`) moves with other customers' use of it. */
const couponTerms = [
  'id',
  'object',
  'name',
  'percent_off',
  'amount_off',
  'currency',
  'currency_options',
  'duration',
  'duration_in_months',
  'applies_to',
] as const

/**
 * A subscription as the store keeps it, whichever path read it: its customer as an id, and the coupon of each
 * expanded discount cut to its terms, so the same subscription read again later (by reconcile) is stored unchanged.
 */
export function storedSubscription(subscription: Stripe.Subscription): Stripe.Subscription {
  const { customer, discounts } = subscription
  const expanded = discounts?.some((discount) => typeof discount !== 'string' && typeof couponOf(discount) === 'object')
  if (typeof customer === 'string' && !expanded) return subscription
  return {
    ...subscription,
    customer: typeof customer === 'string' ? customer : customer.id,
    ...(expanded ? { discounts: discounts.map(discountTerms) } : {}),
  }
}

function discountTerms(discount: string | Stripe.Discount): string | Stripe.Discount {
  if (typeof discount === 'string') return discount
  const coupon = couponOf(discount)
  if (coupon === null || typeof coupon !== 'object') return discount
  const terms = Object.fromEntries(couponTerms.filter((key) => key in coupon).map((key) => [key, coupon[key]]))
  // The stored coupon is a subset of Stripe.Coupon: only renewalDiscounts in core reads it.
  return { ...discount, source: { ...discount.source, coupon: terms as unknown as Stripe.Coupon } }
}

function couponOf(discount: Stripe.Discount): Stripe.Discount.Source['coupon'] {
  return discount.source?.coupon ?? null
}
