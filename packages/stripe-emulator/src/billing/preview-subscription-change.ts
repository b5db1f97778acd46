import type Stripe from 'stripe'
import type { StoredCustomer } from '../customers/customer.js'
import { discountsAhead, type PreviewLine, previewInvoiceDiscount } from '../discounts/preview-invoice-discounts.js'
import { prorationDiscounts } from '../discounts/proration-discounts.js'
import type { Emulator } from '../emulator.js'
import { addInterval } from './billing-period.js'
import { changeTiming } from './change-timing.js'
import { pendingInvoiceItems } from './create-invoice.js'
import { periodLine } from './period-line.js'
import { type BilledItem, billedItems, computeProrations, type Proration } from './prorate.js'
import type { StoredSubscription } from './subscription.js'
import { currentPeriod } from './subscription-items.js'

/** What a change of a subscription's items will bill, before it is made (Stripe's upcoming-invoice preview). */
export interface SubscriptionChangePreview {
  currency: string
  prorations: Proration[]
  /** Charged when the change is made (0 when it waits for the next invoice). */
  amountDueToday: number
  /** Credit left on the customer's balance after today's invoice, as a positive amount. */
  creditAfterToday: number
  /** The next regular invoice of the changed subscription. */
  nextInvoice: { amount: number; date: number }
  /** Whether the change makes an invoice at once (a new cycle, a trial ending, `always_invoice`). */
  invoicedNow: boolean
  /** Whether that invoice bills a new period of the items, starting now (a new cycle, a trial ending). */
  periodStartsNow: boolean
  /** When the change waits for the end of the period: the moment the new items start. */
  changesAt?: number
}

export interface ChangePreviewOptions {
  prorationBehavior: 'create_prorations' | 'none' | 'always_invoice'
  /** The moment of the change, which its prorations are computed for. */
  at: number
  /** `now` restarts the billing cycle with the change (the new period is invoiced at once). */
  billingCycleAnchor?: 'now'
  /** A trialing subscription's trial ends with the change, so the new items are invoiced at once. */
  endsTrial?: boolean
  /** Coupons the change adds after the subscription's own discounts. */
  addedCoupons?: Stripe.Coupon[]
}

/**
 * Previews `updateSubscription` with these items and options, using the same timing rule (`changeTiming`),
 * proration arithmetic (`computeProrations`) and discounts (as applyInvoiceDiscounts applies them), plus pending
 * invoice items and the customer's credit balance, so the amounts equal what the update then invoices.
 */
export function previewSubscriptionChange(
  emulator: Emulator,
  subscription: StoredSubscription,
  after: BilledItem[],
  options: ChangePreviewOptions,
): SubscriptionChangePreview {
  const { prorationBehavior, at } = options
  const before = billedItems(subscription)
  const recurringAfter = after[0]?.price.recurring ?? subscription.items.data[0]?.price.recurring
  if (!recurringAfter) throw new Error(`subscription ${subscription.id} has no recurring price`)
  const changed = (a: BilledItem[], b: BilledItem[]) =>
    JSON.stringify(a.map((i) => [i.id, i.price.id, i.quantity])) !==
    JSON.stringify(b.map((i) => [i.id, i.price.id, i.quantity]))
  const timing = changeTiming(subscription, {
    recurringAfter,
    itemsChanged: changed(before, after),
    prorationBehavior,
    billingCycleAnchor: options.billingCycleAnchor,
  })
  const bill = invoicesAhead(emulator, subscription, after, options.addedCoupons ?? [], at)
  const period = currentPeriod(subscription)
  const oneCycleFrom = (start: number) => addInterval(start, recurringAfter.interval, recurringAfter.interval_count)
  if (options.endsTrial && subscription.status === 'trialing') return bill.now([], bill.periodLines, oneCycleFrom(at))
  // Net of the discounts the update will prorate with: the subscription's, and the coupons the change adds.
  const discounts = prorationDiscounts(
    emulator,
    { before: subscription.discounts, after: subscription.discounts, added: options.addedCoupons ?? [] },
    at,
    period,
  )
  const prorate = (items: BilledItem[]) => computeProrations(before, items, at, period, discounts)
  if (timing === 'restart_cycle') {
    const prorations = prorationBehavior === 'none' ? [] : prorate([])
    return bill.now(prorations, bill.periodLines, oneCycleFrom(at))
  }
  if (timing === 'invoice_now') return bill.now(prorate(after), [], period.end)
  const prorations = timing === 'next_invoice' ? prorate(after) : []
  const nextDate = subscription.status === 'trialing' && subscription.trial_end ? subscription.trial_end : period.end
  return bill.later(prorations, nextDate)
}

/**
 * Previews a change the portal schedules for the end of the period: nothing is billed now; the renewal invoice
 * bills the new items (with the discounts running then, and any `addedCoupons` redeemed when the new items start).
 */
export function previewChangeAtPeriodEnd(
  emulator: Emulator,
  subscription: StoredSubscription,
  after: BilledItem[],
  addedCoupons: Stripe.Coupon[] = [],
): SubscriptionChangePreview {
  const { end } = currentPeriod(subscription)
  return { ...invoicesAhead(emulator, subscription, after, addedCoupons, end).later([], end), changesAt: end }
}

/** The invoices a change leads to: one made now (then the next regular one), or only the next regular one. */
function invoicesAhead(
  emulator: Emulator,
  subscription: StoredSubscription,
  after: BilledItem[],
  addedCoupons: Stripe.Coupon[],
  at: number,
) {
  const customer = emulator.state.find<StoredCustomer>('customer', subscription.customer as string)
  const balance = customer?.balance ?? 0
  const currency = after[0]?.price.currency ?? subscription.currency
  const discounts = discountsAhead(emulator, subscription.discounts, addedCoupons, at)
  const pendingLines: PreviewLine[] = pendingInvoiceItems(emulator, subscription.id).map((item) => ({
    amount: item.amount,
    product: typeof item.pricing?.price_details?.product === 'string' ? item.pricing.price_details.product : null,
    discountable: item.discountable,
  }))
  const periodLines: PreviewLine[] = after.map((item) => ({ ...periodLine(item), discountable: true }))
  // Prorations are already net of their discounts, so the invoice's discounts leave them whole.
  const prorationLines = (prorations: Proration[]): PreviewLine[] =>
    prorations.map((p) => ({ amount: p.amount, product: null, discountable: false }))
  const total = (lines: PreviewLine[], date: number) =>
    lines.reduce((sum, line) => sum + line.amount, 0) - previewInvoiceDiscount(discounts, currency, lines, date)
  return {
    periodLines,
    /** An invoice made now takes the pending items and the credit balance; what it leaves over carries on. */
    now(prorations: Proration[], newPeriod: PreviewLine[], nextDate: number): SubscriptionChangePreview {
      const afterBalance = total([...pendingLines, ...prorationLines(prorations), ...newPeriod], at) + balance
      const carried = Math.min(afterBalance, 0)
      return {
        currency,
        prorations,
        amountDueToday: Math.max(afterBalance, 0),
        creditAfterToday: -carried,
        nextInvoice: { amount: Math.max(total(periodLines, nextDate) + carried, 0), date: nextDate },
        invoicedNow: true,
        periodStartsNow: newPeriod.length > 0,
      }
    },
    /** Nothing is invoiced now: the next regular invoice takes the prorations and pending items. */
    later(prorations: Proration[], nextDate: number): SubscriptionChangePreview {
      const lines = [...periodLines, ...prorationLines(prorations), ...pendingLines]
      return {
        currency,
        prorations,
        amountDueToday: 0,
        creditAfterToday: 0,
        nextInvoice: { amount: Math.max(total(lines, nextDate) + balance, 0), date: nextDate },
        invoicedNow: false,
        periodStartsNow: false,
      }
    },
  }
}
