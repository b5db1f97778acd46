import type { BillingContext } from '../billing-context.js'
import { withStore } from '../errors.js'
import type { SyncSlot } from '../stores/billing-store.js'
import { syncCustomer } from './sync-customer.js'

/**
 * Claims the customer's sync slot (one sync per `syncIntervalSeconds` across instances) and, when it is
 * granted, starts reading the customer's subscriptions from Stripe into the store.
 */
export async function claimSyncSlotAndSync(
  ctx: BillingContext,
  customerId: string,
): Promise<Exclude<SyncSlot, { granted: true }> | { granted: true; sync: Promise<unknown> }> {
  const slot = await withStore(() => ctx.store.claimSyncSlot(customerId, ctx.syncIntervalSeconds))
  return slot.granted ? { granted: true, sync: syncCustomer(ctx, customerId) } : slot
}
