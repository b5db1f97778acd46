import type Stripe from 'stripe'
import type { BillingContext } from '../billing-context.js'
import { BillingError, withStore } from '../errors.js'
import type {
  BillingStoreWriter,
  SubscriptionVersion,
  WebhookEventClaim,
  WebhookEventWrites,
} from '../stores/billing-store.js'
import type { VersionKey } from '../stores/same-second-order.js'
import { fetchedVersionRank, fetchSubscriptions } from '../sync/sync-customer.js'
import { eventRecords, handledEventTypes } from './apply-event-records.js'
import { eventCustomerId } from './event-customer-id.js'
import { eventShapeProblem } from './event-shape-problem.js'
import { namesDiscounts } from './payload-discounts.js'
import { settleSameSecond } from './settle-same-second.js'
import { warnForeignCheckout } from './warn-foreign-checkout.js'

export interface WebhookResult {
  eventId: string
  type: string
  /** The event id was already processed (a redelivery or a concurrent duplicate). */
  duplicate: boolean
}

/**
 * Applies a verified event exactly once: the claim of its id and the state change are one
 * statement (one round trip), and with an `onEvent` hook they and the hook share one transaction.
 * A concurrent duplicate waits on the claim and then sees it taken; any failure rolls everything
 * back and surfaces as a 5xx so Stripe retries.
 */
export async function processWebhookEvent(ctx: BillingContext, event: Stripe.Event): Promise<WebhookResult> {
  await ctx.ready()
  const result = { eventId: event.id, type: event.type }
  // A signed event the receiver cannot read is recorded and acknowledged, never retried forever.
  const problem = eventShapeProblem(event)
  const customerId = problem ? null : eventCustomerId(event)
  const claim: WebhookEventClaim = { id: event.id, type: event.type, created: event.created, customerId }
  const handled = !problem && handledEventTypes.includes(event.type)
  const writes: WebhookEventWrites = handled ? eventRecords(event, ctx.mode) : {}
  if (ctx.mode === 'payload' && writes.subscriptions?.some(({ subscription }) => namesDiscounts(subscription))) {
    writes.subscriptions = await Promise.all(
      writes.subscriptions.map(async (version) => ({
        ...version,
        subscription: await ctx.payloadDiscounts.expand(version.subscription),
      })),
    )
  }

  if (ctx.mode === 'fetch' && handled && customerId && event.type !== 'customer.deleted') {
    // Skip the Stripe round trip for a redelivery of an event already applied.
    if (await withStore(() => ctx.store.isWebhookEventProcessed(event.id))) return { ...result, duplicate: true }
    const fetched = await fetchSubscriptions(ctx, customerId)
    writes.subscriptions = fetched.subscriptions.map((subscription) => ({
      subscription,
      sourceAt: fetched.startedAt,
      sourceRank: fetchedVersionRank,
      sourceId: 'fetch',
    }))
    const syncedAt = new Date(fetched.startedAt)
    writes.customer =
      writes.customer?.customerId === customerId ? { ...writes.customer, syncedAt } : { customerId, syncedAt }
  }

  // Only an event whose object passed the shape check is read further (a signed null object crashed here).
  if (!problem) await warnForeignCheckout(ctx, event)
  const onEvent = ctx.options.onEvent
  const apply = (toClaim: WebhookEventClaim) =>
    withStore(() =>
      retryFirstLinkRace(() =>
        onEvent
          ? ctx.store.transaction(async (tx) => {
              const applied = await applyReadingAccount(tx, toClaim, writes, customerId)
              if (!applied.claimed) return false
              try {
                await onEvent(event, { accountId: applied.accountId, customerId })
              } catch (error) {
                ctx.logger.error('onEvent failed; the event will be retried', {
                  eventId: event.id,
                  type: event.type,
                  error: error instanceof Error ? error.message : String(error),
                })
                throw new BillingError('internal_error', 'The app could not process this event. It will be retried.')
              }
              return true
            })
          : ctx.store.applyWebhookEvent(toClaim, writes),
      ),
    )
  // In payload mode the same-second tie check rides in the claim's statement, so the usual event
  // costs one round trip; only a refused claim that is not a duplicate is settled with Stripe. A tie
  // this process can foresee (it stored that second's version itself) is settled first, claimed once.
  const payloadVersion = ctx.mode === 'payload' && customerId ? writes.subscriptions?.[0] : undefined
  const tieCheck = payloadVersion?.subscription.id
  const foreseen =
    payloadVersion !== undefined &&
    ctx.recentVersionSeconds.foreseesTie(payloadVersion.subscription.id, {
      eventId: event.id,
      second: event.created,
      version: versionKey(payloadVersion),
    })
  let claimed = foreseen ? false : await apply(tieCheck ? { ...claim, unlessStoredInSameSecond: tieCheck } : claim)
  if (!claimed && tieCheck && (foreseen || !(await withStore(() => ctx.store.isWebhookEventProcessed(event.id))))) {
    await settleSameSecond(ctx, customerId, writes)
    claimed = await apply(claim)
  }
  const stored = claimed && tieCheck ? writes.subscriptions?.[0] : undefined
  if (stored) {
    ctx.recentVersionSeconds.remember(stored.subscription.id, {
      eventId: event.id,
      second: event.created,
      version: versionKey(stored),
    })
  }
  if (problem && claimed) {
    ctx.logger.error(`event ${event.id} (${event.type}) was recorded without applying it: ${problem}`, {
      eventId: event.id,
      type: event.type,
    })
  }
  return { ...result, duplicate: !claimed }
}

function versionKey(version: SubscriptionVersion): VersionKey {
  const { sourceAt, sourceRank, sourceId } = version
  return { sourceAt, sourceRank, sourceId, status: version.subscription.status }
}

/**
 * Applies the event and gives the hook its account: the one a deletion frees, else the one linked
 * once the event has applied, so a customer.created names the account it links. A store that answers
 * it from the event's own statement saves a round trip; otherwise the customer is read before a
 * deletion and after any other event, once, in the same transaction.
 */
async function applyReadingAccount(
  tx: BillingStoreWriter,
  claim: WebhookEventClaim,
  writes: WebhookEventWrites,
  customerId: string | null,
): Promise<{ claimed: boolean; accountId: string | null }> {
  if (tx.applyWebhookEventWithAccount) return tx.applyWebhookEventWithAccount(claim, writes)
  const readAccount = async () => (customerId ? ((await tx.findCustomer(customerId))?.accountId ?? null) : null)
  const deletion = writes.customer?.deleted === true
  const before = deletion ? await readAccount() : null
  if (!(await tx.applyWebhookEvent(claim, writes))) return { claimed: false, accountId: null }
  return { claimed: true, accountId: deletion ? before : await readAccount() }
}

/**
 * Two first links of one customer at once (its `customer.created` and `customer.updated` arrive
 * together) can trip the account's unique index rather than the customer's ON CONFLICT. Everything
 * was rolled back, so one retry sees the committed row and applies the event normally.
 */
async function retryFirstLinkRace<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== '23505') throw error
    return run()
  }
}
