import type { BillingStatus } from '@portal-kit/core'
import type { BillingContext } from '../billing-context.js'
import { BillingError, describeCause, withStore } from '../errors.js'
import { getBillingStatus } from '../status/get-billing-status.js'
import { claimSyncSlotAndSync } from './claim-sync-slot.js'

/** `?billing_return=` as a page reads it from its query string (`searchParams.billing_return` in Next.js). */
export type BillingReturnMarker = string | readonly string[] | null | undefined

export interface GetStatusOptions {
  /**
   * The page's `billing_return` query value. When it is there, the account is read from Stripe first, so
   * the page is right before the webhook lands, with or without JavaScript. (A sync during the visit may
   * predate what the customer did there, so the time of the last sync does not spare it.) It takes the
   * account's sync slot, as `POST /sync` does, which opening the portal or Checkout freed: a reload
   * within `syncIntervalSeconds` answers the stored status.
   */
  billingReturn?: BillingReturnMarker
  /**
   * How long that read may hold the page up before the stored status is answered (default 2000 ms); it
   * still lands. `Infinity` waits for it.
   */
  syncWaitMs?: number
}

export const defaultSyncWaitMs = 2000

/** The account's status; on a return from the portal or Checkout, read from Stripe first (`GetStatusOptions`). */
export async function getStatusOnReturn(
  ctx: BillingContext,
  accountId: string,
  options: GetStatusOptions,
): Promise<BillingStatus> {
  const waitMs = options.syncWaitMs ?? defaultSyncWaitMs
  if (!(waitMs >= 0)) {
    throw new RangeError(`syncWaitMs is milliseconds, 0 or more (Infinity waits for the sync); got ${waitMs}.`)
  }
  if (firstMarker(options.billingReturn) !== null) await syncForReturn(ctx, accountId, waitMs)
  return getBillingStatus(ctx, accountId)
}

async function syncForReturn(ctx: BillingContext, accountId: string, waitMs: number): Promise<void> {
  await ctx.ready()
  const customer = await withStore(() => ctx.store.findCustomerByAccount(accountId))
  if (!customer) return
  const claim = await claimSyncSlotAndSync(ctx, customer.customerId, { forReturn: true })
  if (!claim.granted) return
  const landed = claim.sync.then(
    () => true,
    (error: unknown) => {
      ctx.logger.warn('sync on return failed; the page shows the stored status', {
        customerId: customer.customerId,
        ...(error instanceof BillingError ? { code: error.code } : {}),
        cause: describeCause(error instanceof BillingError && error.cause !== undefined ? error.cause : error),
      })
      return false
    },
  )
  // Past the longest timer Node keeps (about 24.8 days), setTimeout would fire at once.
  if (waitMs > 2 ** 31 - 1) {
    await landed
    return
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([landed, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))])
  clearTimeout(timer)
}

/** The first value of the marker (as the browser's `URLSearchParams.get` takes it); null when there is none. */
function firstMarker(marker: BillingReturnMarker): string | null {
  const first = typeof marker === 'string' ? marker : marker?.[0]
  return first ? first : null
}
