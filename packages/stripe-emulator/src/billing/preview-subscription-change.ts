import type { StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { addInterval } from './billing-period.js'
import { changeTiming } from './change-timing.js'
import { pendingInvoiceItems } from './create-invoice.js'
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
}

/**
 * Previews `updateSubscription` with these items and proration behavior at `at`, using the same timing rule
 * (`changeTiming`) and proration arithmetic (`computeProrations`), plus pending invoice items and the customer's
 * credit balance, so the amounts equal what the update then invoices.
 */
export function previewSubscriptionChange(
  emulator: Emulator,
  subscription: StoredSubscription,
  after: BilledItem[],
  prorationBehavior: 'create_prorations' | 'none' | 'always_invoice',
  at: number,
): SubscriptionChangePreview {
  const before = billedItems(subscription)
  const recurringAfter = after[0]?.price.recurring ?? subscription.items.data[0]?.price.recurring
  if (!recurringAfter) throw new Error(`subscription ${subscription.id} has no recurring price`)
  const changed = (a: BilledItem[], b: BilledItem[]) =>
    JSON.stringify(a.map((i) => [i.id, i.price.id, i.quantity])) !==
    JSON.stringify(b.map((i) => [i.id, i.price.id, i.quantity]))
  const timing = changeTiming(subscription, { recurringAfter, itemsChanged: changed(before, after), prorationBehavior })
  const customer = emulator.state.find<StoredCustomer>('customer', subscription.customer as string)
  const balance = customer?.balance ?? 0
  const pending = pendingInvoiceItems(emulator, subscription.id).reduce((sum, item) => sum + item.amount, 0)
  const period = currentPeriod(subscription)
  const periodTotal = after.reduce((sum, item) => sum + (item.price.unit_amount ?? 0) * item.quantity, 0)
  const currency = after[0]?.price.currency ?? subscription.currency
  const sum = (prorations: Proration[]) => prorations.reduce((total, p) => total + p.amount, 0)
  // An invoice made now takes the pending items and the credit balance; what it leaves over carries to the next one.
  const invoiceNow = (prorations: Proration[], newPeriod: number, nextDate: number): SubscriptionChangePreview => {
    const afterBalance = pending + sum(prorations) + newPeriod + balance
    const carried = Math.min(afterBalance, 0)
    return {
      currency,
      prorations,
      amountDueToday: Math.max(afterBalance, 0),
      creditAfterToday: -carried,
      nextInvoice: { amount: Math.max(periodTotal + carried, 0), date: nextDate },
    }
  }
  if (timing === 'restart_cycle') {
    const prorations = prorationBehavior === 'none' ? [] : computeProrations(before, [], at, period)
    return invoiceNow(prorations, periodTotal, addInterval(at, recurringAfter.interval, recurringAfter.interval_count))
  }
  if (timing === 'invoice_now') return invoiceNow(computeProrations(before, after, at, period), 0, period.end)
  const prorations = timing === 'next_invoice' ? computeProrations(before, after, at, period) : []
  const nextDate = subscription.status === 'trialing' && subscription.trial_end ? subscription.trial_end : period.end
  return {
    currency,
    prorations,
    amountDueToday: 0,
    creditAfterToday: 0,
    nextInvoice: { amount: Math.max(periodTotal + sum(prorations) + pending + balance, 0), date: nextDate },
  }
}
