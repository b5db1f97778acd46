import type { BillingContext } from '../billing-context.js'
import { withStore } from '../errors.js'
import type { SyncSlot, SyncSlotClaim } from '../stores/billing-store.js'
import { syncCustomer } from './sync-customer.js'

/**
 * Claims the customer's sync slot (one sync per `syncIntervalSeconds` across instances, or the one a visit
 * to Stripe owes its return with `forReturn`) and, when it is granted, starts reading the customer's
 * subscriptions from Stripe into the store.
 */
export async function claimSyncSlotAndSync(
  ctx: BillingContext,
  customerId: string,
  claim: SyncSlotClaim = {},
): Promise<Exclude<SyncSlot, { granted: true }> | { granted: true; sync: Promise<unknown> }> {
  const slot = await withStore(() => ctx.store.claimSyncSlot(customerId, ctx.syncIntervalSeconds, claim))
  return slot.granted ? { granted: true, sync: syncCustomer(ctx, customerId) } : slot
}
