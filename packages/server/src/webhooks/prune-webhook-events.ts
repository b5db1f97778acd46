import type { BillingContext } from '../billing-context.js'
import { withStore } from '../errors.js'

export interface PruneReport {
  /** Webhook claims deleted. */
  deleted: number
  /** Claims processed before this time were pruned (ISO). */
  processedBefore: string
}

/** Rows per DELETE: each batch is its own short statement, so the table is never locked for long. */
export const pruneBatchSize = 500

/**
 * Deletes processed webhook claims older than the retention window (default
 * `webhookEventRetentionDays`, 30), batch by batch. Only exactly-once delivery reads the claims;
 * ordering lives in the subscription rows, so a very late manual resend of a pruned event cannot
 * roll state back, though `onEvent` runs for it again.
 */
export async function pruneWebhookEvents(
  ctx: BillingContext,
  options: { olderThanDays?: number; now?: number } = {},
): Promise<PruneReport> {
  await ctx.ready()
  const days = options.olderThanDays ?? ctx.webhookEventRetentionDays
  const processedBefore = new Date((options.now ?? Date.now()) - days * 86_400_000)
  let deleted = 0
  for (;;) {
    const batch = await withStore(() => ctx.store.pruneWebhookEvents({ processedBefore, limit: pruneBatchSize }))
    deleted += batch
    if (batch < pruneBatchSize) break
  }
  return { deleted, processedBefore: processedBefore.toISOString() }
}
