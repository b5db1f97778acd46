import type { StoredPrice } from '../catalog/price.js'
import type { Emulator } from '../emulator.js'
import { createInvoiceItem, type StoredInvoiceItem } from './create-invoice.js'
import { formatDate } from './format-date.js'
import type { StoredSubscription } from './subscription.js'
import { productName } from './subscription-items.js'

/** What one subscription item bills per period, before or after a change. */
export interface BilledItem {
  id: string
  price: StoredPrice
  quantity: number
}

/**
 * Stripe's prorations for a change at `at` inside `period`: a credit for the unused time of every item that changed
 * or went away, a charge for the remaining time of every item that changed or was added. Stored as pending invoice
 * items of the subscription; returns them.
 */
export function createProrations(
  emulator: Emulator,
  subscription: StoredSubscription,
  before: BilledItem[],
  after: BilledItem[],
  at: number,
  period: { start: number; end: number },
): StoredInvoiceItem[] {
  const length = period.end - period.start
  if (length <= 0 || at >= period.end) return []
  const share = (period.end - Math.max(at, period.start)) / length
  const remaining = { start: Math.max(at, period.start), end: period.end }
  const items: StoredInvoiceItem[] = []
  const amountOf = (item: BilledItem) => Math.round((item.price.unit_amount ?? 0) * item.quantity * share)
  const label = (item: BilledItem) =>
    `${item.quantity === 1 ? '' : `${item.quantity} × `}${productName(emulator, item.price)} after ${formatDate(at)}`
  for (const old of before) {
    const now = after.find((item) => item.id === old.id)
    if (now && now.price.id === old.price.id && now.quantity === old.quantity) continue
    items.push(
      createInvoiceItem(emulator, subscription, {
        price: old.price,
        quantity: old.quantity,
        amount: -amountOf(old),
        description: `Unused time on ${label(old)}`,
        period: remaining,
        subscriptionItem: old.id,
        proration: true,
      }),
    )
  }
  for (const next of after) {
    const old = before.find((item) => item.id === next.id)
    if (old && old.price.id === next.price.id && old.quantity === next.quantity) continue
    items.push(
      createInvoiceItem(emulator, subscription, {
        price: next.price,
        quantity: next.quantity,
        amount: amountOf(next),
        description: `Remaining time on ${label(next)}`,
        period: remaining,
        subscriptionItem: next.id,
        proration: true,
      }),
    )
  }
  return items
}

export function billedItems(subscription: StoredSubscription): BilledItem[] {
  return subscription.items.data.map((item) => ({
    id: item.id,
    price: item.price as StoredPrice,
    quantity: item.quantity ?? 1,
  }))
}
