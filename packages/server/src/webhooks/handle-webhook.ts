import type Stripe from 'stripe'
import type { BillingContext } from '../billing-context.js'
import { BillingError, withStore } from '../errors.js'
import type { FetchedSubscriptions } from '../sync/customer-subscriptions-fetcher.js'
import { fetchSubscriptions, writeFetched } from '../sync/sync-customer.js'
import { applyEventRecords, applySubscriptionPayload, handledEventTypes } from './apply-event-records.js'
import { eventCustomerId } from './event-customer-id.js'

export interface WebhookResult {
  eventId: string
  type: string
  /** The event id was already processed (a redelivery or a concurrent duplicate). */
  duplicate: boolean
}

/**
 * Applies a verified event exactly once: the claim of its id, the state change and the app's
 * `onEvent` commit in one transaction. A concurrent duplicate waits on the claim and then sees it
 * taken; any failure rolls everything back and surfaces as a 5xx so Stripe retries.
 */
export async function processWebhookEvent(ctx: BillingContext, event: Stripe.Event): Promise<WebhookResult> {
  await ctx.ready()
  const result = { eventId: event.id, type: event.type }
  const customerId = eventCustomerId(event)
  const handled = handledEventTypes.includes(event.type)

  let fetched: FetchedSubscriptions | null = null
  if (ctx.mode === 'fetch' && handled && customerId && event.type !== 'customer.deleted') {
    // Skip the Stripe round trip for a redelivery of an event already applied.
    if (await withStore(() => ctx.store.isWebhookEventProcessed(event.id))) return { ...result, duplicate: true }
    fetched = await fetchSubscriptions(ctx, customerId)
  }

  return withStore(() =>
    ctx.store.transaction(async (tx) => {
      const claimed = await tx.claimWebhookEvent({ id: event.id, type: event.type, created: event.created, customerId })
      if (!claimed) return { ...result, duplicate: true }
      if (handled) {
        await applyEventRecords(tx, event)
        if (ctx.mode === 'payload') await applySubscriptionPayload(tx, event)
        if (fetched && customerId) await writeFetched(tx, customerId, fetched)
      }
      if (ctx.options.onEvent) {
        const customer = customerId ? await tx.findCustomer(customerId) : null
        try {
          await ctx.options.onEvent(event, { accountId: customer?.accountId ?? null, customerId })
        } catch (error) {
          ctx.logger.error('onEvent failed; the event will be retried', {
            eventId: event.id,
            type: event.type,
            error: error instanceof Error ? error.message : String(error),
          })
          throw new BillingError('internal_error', 'The app could not process this event. It will be retried.')
        }
      }
      return { ...result, duplicate: false }
    }),
  )
}
