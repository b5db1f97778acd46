import type Stripe from 'stripe'
import { planFromPrice, type StoredPrice } from '../catalog/price.js'
import type { StoredProduct } from '../catalog/product.js'
import type { Emulator } from '../emulator.js'
import type { InvoiceLineInput } from './create-invoice.js'
import { formatInterval, formatMoney } from './format-money.js'
import type { StoredSubscription } from './subscription.js'

/** A full `subscription_item` with its price and plan embedded, as Stripe returns them inside a subscription. */
export function buildSubscriptionItem(
  emulator: Emulator,
  subscriptionId: string,
  price: StoredPrice,
  quantity: number,
  period: { start: number; end: number },
  created: number,
  metadata: Record<string, string> = {},
): Stripe.SubscriptionItem {
  return {
    id: emulator.state.newId('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created,
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata,
    plan: planFromPrice(price),
    price: structuredClone(price),
    quantity,
    subscription: subscriptionId,
    tax_rates: [],
  }
}

export function setItemPrice(item: Stripe.SubscriptionItem, price: StoredPrice): void {
  item.price = structuredClone(price)
  item.plan = planFromPrice(price)
}

export function productName(emulator: Emulator, price: Stripe.Price): string {
  const productId = typeof price.product === 'string' ? price.product : price.product.id
  return emulator.state.find<StoredProduct>('product', productId)?.name ?? productId
}

/** `1 × Pro (at $20.00 / month)`, Stripe's wording of a subscription line. */
export function itemLineDescription(emulator: Emulator, price: Stripe.Price, quantity: number): string {
  const amount = formatMoney(price.unit_amount ?? 0, price.currency)
  const recurring = price.recurring
  const per = recurring
    ? recurring.interval_count === 1
      ? ` / ${recurring.interval}`
      : ` every ${formatInterval(recurring.interval, recurring.interval_count)}`
    : ''
  return `${quantity} × ${productName(emulator, price)} (at ${amount}${per})`
}

/** One full-price line per item for a billing period (zero-amount lines with `trial`). */
export function subscriptionLines(
  emulator: Emulator,
  subscription: StoredSubscription,
  period: { start: number; end: number },
  options: { trial?: boolean } = {},
): InvoiceLineInput[] {
  return subscription.items.data.map((item) => {
    const quantity = item.quantity ?? 1
    const price = item.price as StoredPrice
    return {
      price,
      quantity,
      amount: options.trial ? 0 : (price.unit_amount ?? 0) * quantity,
      description: options.trial
        ? `Trial period for ${productName(emulator, price)}`
        : itemLineDescription(emulator, price, quantity),
      period,
      subscriptionItem: item.id,
      proration: false,
      invoiceItem: null,
    }
  })
}

/** The period every item of a subscription shares (the emulator keeps one billing interval per subscription). */
export function currentPeriod(subscription: StoredSubscription): { start: number; end: number } {
  const first = subscription.items.data[0]
  if (!first) throw new Error(`subscription ${subscription.id} has no items`)
  return { start: first.current_period_start, end: first.current_period_end }
}

export function setCurrentPeriod(subscription: StoredSubscription, period: { start: number; end: number }): void {
  for (const item of subscription.items.data) {
    item.current_period_start = period.start
    item.current_period_end = period.end
  }
}
