import type Stripe from 'stripe'

/**
 * A decimal field as Stripe sends it: a string. The SDK types these as its `Decimal` class because it
 * converts the string on receipt, so the stored (wire) value needs this one cast.
 */
export function wireDecimal(value: number): Stripe.Decimal {
  return String(value) as unknown as Stripe.Decimal
}
