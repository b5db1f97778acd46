import type { BillingContext } from '../billing-context.js'
import type { WebhookEventWrites } from '../stores/billing-store.js'
import { fetchSubscriptions } from '../sync/sync-customer.js'

/**
 * Above every payload rank: the state read from Stripe after the event is the last version of the
 * event's own second (in the event's time, which a test clock can set apart from the server's).
 */
const settledRank = 1000

/**
 * In payload mode, an event whose subscription was stored from the same second (a sync, or another
 * event) at the same lifecycle stage cannot be ordered against it: either may be newer. Such a tie is
 * settled by reading the subscription from Stripe now, after the event, and storing that instead of
 * the payload. Called once the store has refused the event's guarded claim for that tie, so nothing is
 * read back from the store first; if the row has moved on meanwhile, Stripe's state is still the right
 * one to store.
 */
export async function settleSameSecond(
  ctx: BillingContext,
  customerId: string | null,
  writes: WebhookEventWrites,
): Promise<void> {
  const version = writes.subscriptions?.[0]
  if (ctx.mode !== 'payload' || !customerId || !version) return
  const fetched = await fetchSubscriptions(ctx, customerId)
  const current = fetched.subscriptions.find((subscription) => subscription.id === version.subscription.id)
  if (!current) return
  writes.subscriptions = [
    {
      subscription: current,
      sourceAt: version.sourceAt,
      sourceRank: settledRank,
      sourceId: `fetch:${fetched.startedAt}`,
    },
  ]
}
