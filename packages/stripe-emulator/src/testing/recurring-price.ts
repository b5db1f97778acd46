import type Stripe from 'stripe'

/** A recurring price of `product` at `unitAmount` (minor units) per `interval`, in `currency` (default usd). */
export function recurringPrice(
  stripe: Stripe,
  product: string,
  unitAmount: number,
  interval: Stripe.PriceCreateParams.Recurring.Interval = 'month',
  currency = 'usd',
): Promise<Stripe.Price> {
  return stripe.prices.create({ product, currency, unit_amount: unitAmount, recurring: { interval } })
}
