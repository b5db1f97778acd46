import type { BillingContext } from '../billing-context.js'
import { toBillingError } from '../errors.js'
import type { BillingStoreWriter, UpsertCounts } from '../stores/billing-store.js'
import type { FetchedSubscriptions } from './customer-subscriptions-fetcher.js'

/** Fetch-mode versions sort below any event of the same millisecond; ties never happen in practice. */
export const fetchedVersionRank = 0

/** Reads a customer's subscriptions from Stripe now (coalesced) and stores them. */
export async function syncCustomer(ctx: BillingContext, customerId: string): Promise<UpsertCounts> {
  await ctx.ready()
  const fetched = await fetchSubscriptions(ctx, customerId)
  try {
    return await ctx.store.transaction((tx) => writeFetched(tx, customerId, fetched))
  } catch (error) {
    throw toBillingError(error, 'store')
  }
}

export async function fetchSubscriptions(ctx: BillingContext, customerId: string): Promise<FetchedSubscriptions> {
  try {
    return await ctx.fetcher.fetch(customerId)
  } catch (error) {
    throw toBillingError(error, 'stripe')
  }
}

/** Stores fetched subscriptions, ordered by when the fetch started, and marks the customer synced. */
export async function writeFetched(
  tx: BillingStoreWriter,
  customerId: string,
  fetched: FetchedSubscriptions,
): Promise<UpsertCounts> {
  const counts = await tx.upsertSubscriptions(
    fetched.subscriptions.map((subscription) => ({
      subscription,
      sourceAt: fetched.startedAt,
      sourceRank: fetchedVersionRank,
      sourceId: 'fetch',
    })),
  )
  await tx.markCustomerSynced(customerId, new Date(fetched.startedAt))
  return counts
}
