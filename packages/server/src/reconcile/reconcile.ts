import type { BillingContext } from '../billing-context.js'
import { withStore, withStripe } from '../errors.js'
import type { UpsertCounts } from '../stores/billing-store.js'
import { storedSubscription } from '../sync/stored-subscription.js'
import { fetchedVersionRank } from '../sync/sync-customer.js'

export interface ReconcileReport extends UpsertCounts {
  /** Customers whose `metadata.accountId` linked them to an account. */
  customersLinked: number
  subscriptionsSeen: number
  startedAt: string
  finishedAt: string
}

const pageSize = 100
const defaultRequestsPerSecond = 20
/** Customers marked synced per statement at the end of a run. */
const syncedBatchSize = 1000

/**
 * Lists every subscription in Stripe, whatever its status, a page of 100 at a time with its
 * customer and discounts expanded (so ceil(N/100) list calls and no per-customer call), and stores each page in
 * two set-based statements: the customers' links, then the subscriptions. Everything is versioned
 * at the time the listing started, so an event applied meanwhile is never rolled back. Customers
 * are marked synced only once the whole listing succeeded: a run cut short (Stripe down, or rate
 * limited past the SDK's retries) rejects, and marks nothing done. List calls start at most
 * `reconcileRequestsPerSecond` a second, so a large account stays under Stripe's rate limit.
 */
export async function reconcile(ctx: BillingContext): Promise<ReconcileReport> {
  await ctx.ready()
  const startedAt = Date.now()
  const report: ReconcileReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    customersLinked: 0,
    subscriptionsSeen: 0,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: '',
  }
  const customers = new Set<string>()
  const pace = listPace(ctx.options.reconcileRequestsPerSecond ?? defaultRequestsPerSecond)
  let startingAfter: string | undefined
  for (;;) {
    await pace()
    const page = await withStripe(() =>
      ctx.stripe.subscriptions.list({
        status: 'all',
        limit: pageSize,
        expand: ['data.customer', 'data.discounts.source.coupon'],
        ...(startingAfter ? { starting_after: startingAfter } : {}),
      }),
    )
    report.subscriptionsSeen += page.data.length
    const links = new Map<string, { customerId: string; accountId: string | null; email: string | null }>()
    for (const subscription of page.data) {
      const customer = subscription.customer
      customers.add(typeof customer === 'string' ? customer : customer.id)
      if (typeof customer !== 'string' && !customer.deleted) {
        links.set(customer.id, {
          customerId: customer.id,
          accountId: customer.metadata?.accountId || null,
          email: customer.email,
        })
      }
    }
    const linked = await withStore(() => ctx.store.linkCustomers([...links.values()]))
    for (const record of linked) {
      if (record.accountId !== null && record.accountId === links.get(record.customerId)?.accountId) {
        report.customersLinked++
      }
    }
    const counts = await withStore(() =>
      ctx.store.upsertSubscriptions(
        page.data.map((subscription) => ({
          subscription: storedSubscription(subscription),
          sourceAt: startedAt,
          sourceRank: fetchedVersionRank,
          sourceId: 'reconcile',
        })),
      ),
    )
    report.created += counts.created
    report.updated += counts.updated
    report.unchanged += counts.unchanged
    const last = page.data.at(-1)
    if (!page.has_more || !last) break
    startingAfter = last.id
  }
  const ids = [...customers].sort()
  for (let i = 0; i < ids.length; i += syncedBatchSize) {
    const batch = ids.slice(i, i + syncedBatchSize)
    await withStore(() => ctx.store.markCustomersSynced(batch, new Date(startedAt)))
  }
  report.finishedAt = new Date().toISOString()
  return report
}

/** Waits, when called, until at least 1/perSecond s has passed since the previous call was let through. */
function listPace(perSecond: number): () => Promise<void> {
  if (!(perSecond > 0)) throw new RangeError('reconcileRequestsPerSecond must be a positive number.')
  const interval = 1000 / perSecond
  let last = Number.NEGATIVE_INFINITY
  return async () => {
    const wait = last + interval - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    last = performance.now()
  }
}
