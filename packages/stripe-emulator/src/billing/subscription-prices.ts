import type Stripe from 'stripe'
import { requirePrice, type StoredPrice } from '../catalog/price.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'

/** An active recurring price, or Stripe's 400/404 naming `param`. */
export function requireSubscribablePrice(emulator: Emulator, priceId: string, param: string): StoredPrice {
  const price = requirePrice(emulator, priceId, param)
  if (!price.active)
    throw invalidRequest('The price specified is inactive. This field only accepts active prices.', param)
  if (price.type !== 'recurring' || !price.recurring) {
    throw invalidRequest(
      'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
      param,
    )
  }
  return price
}

export function requireQuantity(quantity: number | undefined, param: string): number {
  if (quantity === undefined) return 1
  if (!Number.isInteger(quantity) || quantity < 0) {
    throw invalidRequest('This value must be greater than or equal to 0.', param)
  }
  return quantity
}

/** Stripe's classic rule: every item of a subscription bills in one currency on one interval, each price once. */
export function requireCompatiblePrices(prices: Stripe.Price[], param = 'items'): void {
  const [first, ...rest] = prices
  if (!first) return
  for (const price of rest) {
    if (price.currency !== first.currency) {
      throw invalidRequest(
        'Currency and interval fields must match across all plans on this subscription. Found mismatch in currency field.',
        param,
      )
    }
    if (
      price.recurring?.interval !== first.recurring?.interval ||
      price.recurring?.interval_count !== first.recurring?.interval_count
    ) {
      throw invalidRequest(
        'Currency and interval fields must match across all plans on this subscription. Found mismatch in interval field.',
        param,
      )
    }
  }
  const seen = new Set<string>()
  for (const price of prices) {
    if (seen.has(price.id)) {
      throw invalidRequest(`Cannot add multiple subscription items with the same price: ${price.id}.`, param)
    }
    seen.add(price.id)
  }
}
