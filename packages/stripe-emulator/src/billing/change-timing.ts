import type Stripe from 'stripe'
import type { StoredSubscription } from './subscription.js'
import { runningStatuses } from './subscription-statuses.js'

/**
 * How an item change is billed: `restart_cycle` (a new interval, or `billing_cycle_anchor=now`: unused time is
 * credited and the new period invoiced at once), `invoice_now` (prorations invoiced and charged now),
 * `next_invoice` (prorations wait for the next invoice) or `not_prorated`. Shared by the update and its preview.
 */
export type ChangeTiming = 'restart_cycle' | 'invoice_now' | 'next_invoice' | 'not_prorated'

export function changeTiming(
  subscription: StoredSubscription,
  change: {
    recurringAfter: Stripe.Price.Recurring
    itemsChanged: boolean
    prorationBehavior: 'create_prorations' | 'none' | 'always_invoice'
    billingCycleAnchor?: 'now' | 'unchanged' | undefined
  },
): ChangeTiming {
  if (!runningStatuses.includes(subscription.status)) return 'not_prorated'
  const before = subscription.items.data[0]?.price.recurring
  const intervalChanged =
    change.recurringAfter.interval !== before?.interval ||
    change.recurringAfter.interval_count !== before?.interval_count
  if (intervalChanged || change.billingCycleAnchor === 'now') return 'restart_cycle'
  if (!change.itemsChanged || change.prorationBehavior === 'none') return 'not_prorated'
  return change.prorationBehavior === 'always_invoice' ? 'invoice_now' : 'next_invoice'
}
