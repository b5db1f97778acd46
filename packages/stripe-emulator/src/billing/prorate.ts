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

/** One proration: a credit for unused time (negative) or a charge for remaining time, for the rest of the period. */
export interface Proration {
  kind: 'unused' | 'remaining'
  price: StoredPrice
  quantity: number
  amount: number
  subscriptionItem: string
  period: { start: number; end: number }
}

/**
 * Stripe's prorations for a change at `at` inside `period`: a credit for the unused time of every item that changed
 * or went away, a charge for the remaining time of every item that changed or was added. Computes them only; the
 * subscription update stores them (`createProrations`) and the portal's plan-change preview shows them, so both agree.
 */
export function computeProrations(
  before: BilledItem[],
  after: BilledItem[],
  at: number,
  period: { start: number; end: number },
): Proration[] {
  const length = period.end - period.start
  if (length <= 0 || at >= period.end) return []
  const share = (period.end - Math.max(at, period.start)) / length
  const remaining = { start: Math.max(at, period.start), end: period.end }
  const amountOf = (item: BilledItem) => Math.round((item.price.unit_amount ?? 0) * item.quantity * share)
  const same = (a: BilledItem, b: BilledItem | undefined) =>
    b !== undefined && a.price.id === b.price.id && a.quantity === b.quantity
  const proration = (kind: Proration['kind'], item: BilledItem): Proration => ({
    kind,
    price: item.price,
    quantity: item.quantity,
    amount: kind === 'unused' ? -amountOf(item) : amountOf(item),
    subscriptionItem: item.id,
    period: remaining,
  })
  const credits = before.filter(
    (old) =>
      !same(
        old,
        after.find((item) => item.id === old.id),
      ),
  )
  const charges = after.filter(
    (next) =>
      !same(
        next,
        before.find((item) => item.id === next.id),
      ),
  )
  const prorations = [
    ...credits.map((item) => proration('unused', item)),
    ...charges.map((item) => proration('remaining', item)),
  ]
  return prorations
}

/** Stores `computeProrations` as pending invoice items of the subscription; returns them. */
export function createProrations(
  emulator: Emulator,
  subscription: StoredSubscription,
  before: BilledItem[],
  after: BilledItem[],
  at: number,
  period: { start: number; end: number },
): StoredInvoiceItem[] {
  return computeProrations(before, after, at, period).map((proration) => {
    const what = `${proration.quantity === 1 ? '' : `${proration.quantity} × `}${productName(emulator, proration.price)} after ${formatDate(at)}`
    return createInvoiceItem(emulator, subscription, {
      price: proration.price,
      quantity: proration.quantity,
      amount: proration.amount,
      description: proration.kind === 'unused' ? `Unused time on ${what}` : `Remaining time on ${what}`,
      period: proration.period,
      subscriptionItem: proration.subscriptionItem,
      proration: true,
    })
  })
}

export function billedItems(subscription: StoredSubscription): BilledItem[] {
  return subscription.items.data.map((item) => ({
    id: item.id,
    price: item.price as StoredPrice,
    quantity: item.quantity ?? 1,
  }))
}
