import type Stripe from 'stripe'
import type { BillingContext } from '../billing-context.js'
import { withStore, withStripe } from '../errors.js'
import type { SubscriptionVersion, UpsertCounts } from '../stores/billing-store.js'
import { fetchedVersionRank } from '../sync/sync-customer.js'

export interface ReconcileReport extends UpsertCounts {
  /** Customers whose `metadata.accountId` linked them to an account. */
  customersLinked: number
  subscriptionsSeen: number
  startedAt: string
  finishedAt: string
}

const batchSize = 100

/**
 * Lists every customer and subscription in Stripe (auto-pagination) and stores them, repairing
 * whatever lost webhooks left behind. Everything is versioned at the time the listing started, so
 * an event applied meanwhile is never rolled back.
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

  await withStripe(async () => {
    for await (const customer of ctx.stripe.customers.list({ limit: 100 })) {
      const accountId = customer.metadata?.accountId || null
      const linked = await withStore(() =>
        ctx.store.linkCustomer({ customerId: customer.id, accountId, email: customer.email }),
      )
      if (accountId && linked.accountId === accountId) report.customersLinked++
    }
  })

  const customers = new Set<string>()
  let batch: SubscriptionVersion[] = []
  const flush = async () => {
    if (batch.length === 0) return
    const counts = await withStore(() => ctx.store.upsertSubscriptions(batch))
    report.created += counts.created
    report.updated += counts.updated
    report.unchanged += counts.unchanged
    batch = []
  }
  await withStripe(async () => {
    for await (const subscription of ctx.stripe.subscriptions.list({ status: 'all', limit: 100 })) {
      report.subscriptionsSeen++
      customers.add(customerIdOf(subscription))
      batch.push({ subscription, sourceAt: startedAt, sourceRank: fetchedVersionRank, sourceId: 'reconcile' })
      if (batch.length >= batchSize) await flush()
    }
  })
  await flush()
  for (const customerId of customers) {
    await withStore(() => ctx.store.markCustomerSynced(customerId, new Date(startedAt)))
  }
  report.finishedAt = new Date().toISOString()
  return report
}

function customerIdOf(subscription: Stripe.Subscription): string {
  return typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
}
