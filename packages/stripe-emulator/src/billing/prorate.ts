import type { StoredPrice } from '../catalog/price.js'
import { netAmounts } from '../discounts/net-amounts.js'
import { type ProrationDiscounts, prorationDiscounts } from '../discounts/proration-discounts.js'
import type { Emulator } from '../emulator.js'
import { createInvoiceItem, type InvoiceLineInput, type StoredInvoiceItem } from './create-invoice.js'
import { formatDate } from './format-date.js'
import { periodLine } from './period-line.js'
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
  /** The discounts `amount` is already net of (listed with amount 0 on the invoice item and line, as Stripe does). */
  discounts: string[]
}

/**
 * Stripe's prorations for a change at `at` inside `period`: a credit for the unused time of every item that changed
 * or went away, a charge for the remaining time of every item that changed or was added, each a share of the item's
 * period amount net of `discounts` (flexible billing mode with `proration_discounts: included`). Computes them only;
 * the subscription update stores them (`createProrations`) and the portal's plan-change preview shows them, so both agree.
 */
export function computeProrations(
  before: BilledItem[],
  after: BilledItem[],
  at: number,
  period: { start: number; end: number },
  discounts: ProrationDiscounts = { credit: [], debit: [] },
): Proration[] {
  const length = period.end - period.start
  if (length <= 0 || at >= period.end) return []
  const share = (period.end - Math.max(at, period.start)) / length
  const remaining = { start: Math.max(at, period.start), end: period.end }
  // Discounts share an amount off across all the items of a period, so each side is discounted as a whole.
  const netOfSide = (items: BilledItem[], side: ProrationDiscounts['credit']) =>
    netAmounts(items.map(periodLine), side, items[0]?.price.currency ?? 'usd')
  const netBefore = netOfSide(before, discounts.credit)
  const netAfter = netOfSide(after, discounts.debit)
  const same = (a: BilledItem, b: BilledItem | undefined) =>
    b !== undefined && a.price.id === b.price.id && a.quantity === b.quantity
  const proration = (kind: Proration['kind'], item: BilledItem, net = { amount: 0, discounts: [] as string[] }) => {
    const prorated = Math.round(net.amount * share)
    return {
      kind,
      price: item.price,
      quantity: item.quantity,
      amount: kind === 'unused' ? -prorated : prorated,
      subscriptionItem: item.id,
      period: remaining,
      discounts: net.discounts,
    }
  }
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
  const prorations: Proration[] = [
    ...credits.map((item) => proration('unused', item, netBefore[before.indexOf(item)])),
    ...charges.map((item) => proration('remaining', item, netAfter[after.indexOf(item)])),
  ]
  return prorations
}

/**
 * Stores `computeProrations` as pending invoice items of the subscription, net of its discounts (those it had
 * `discountsBefore` the change for the credit, those it has now for the debit); returns them.
 */
export function createProrations(
  emulator: Emulator,
  subscription: StoredSubscription,
  before: BilledItem[],
  after: BilledItem[],
  at: number,
  period: { start: number; end: number },
  discountsBefore: StoredSubscription['discounts'] = subscription.discounts,
): StoredInvoiceItem[] {
  const discounts = prorationDiscounts(emulator, { before: discountsBefore, after: subscription.discounts }, at, period)
  return computeProrations(before, after, at, period, discounts).map((proration) =>
    createInvoiceItem(emulator, subscription, prorationLine(emulator, proration, at)),
  )
}

/** The invoice item (and line) a proration of a change at `at` becomes, in Stripe's wording. */
export function prorationLine(
  emulator: Emulator,
  proration: Proration,
  at: number,
): Omit<InvoiceLineInput, 'invoiceItem'> {
  const what = `${proration.quantity === 1 ? '' : `${proration.quantity} × `}${productName(emulator, proration.price)} after ${formatDate(at)}`
  return {
    price: proration.price,
    quantity: proration.quantity,
    amount: proration.amount,
    description: proration.kind === 'unused' ? `Unused time on ${what}` : `Remaining time on ${what}`,
    period: proration.period,
    subscriptionItem: proration.subscriptionItem,
    proration: true,
    discounts: proration.discounts,
  }
}

export function billedItems(subscription: StoredSubscription): BilledItem[] {
  return subscription.items.data.map((item) => ({
    id: item.id,
    price: item.price as StoredPrice,
    quantity: item.quantity ?? 1,
  }))
}
