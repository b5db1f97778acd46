import { parseBillingReturnTime, syncVisitedAtParam } from '@portal-kit/core'
import { BillingError, withStore } from '../errors.js'
import type { ResponseRoute } from '../http/billing-route.js'
import { noStore } from '../http/serve-route.js'
import { getBillingStatus } from '../status/get-billing-status.js'
import { claimSyncSlotAndSync } from './claim-sync-slot.js'

/**
 * `POST /sync[?visited_at=<ms>]`: pulls the signed-in account's subscriptions from Stripe now and answers
 * the fresh status; one sync per account per `syncIntervalSeconds` across instances (429 with
 * Retry-After). With the visit time of a return from the portal, it claims the sync the visit owes (granted
 * even if another tab synced during the visit), and an account synced since that visit (the page did as it
 * rendered, `getStatus` with `billingReturn`) is answered from the store instead of 429.
 */
export const syncRoute: ResponseRoute<'account'> = {
  path: '/sync',
  methods: ['POST'],
  sameOrigin: true,
  auth: 'account',
  bodyLimit: 0,
  answers: 'response',
  async handle({ ctx, req, account }) {
    await ctx.ready()
    const customer = await withStore(() => ctx.store.findCustomerByAccount(account.id))
    if (customer) {
      const visitedAt = new URL(req.url).searchParams.get(syncVisitedAtParam)
      const claim = await claimSyncSlotAndSync(ctx, customer.customerId, { forReturn: visitedAt !== null })
      if (claim.granted) await claim.sync
      else if (!syncedSince(customer.syncedAt, visitedAt)) {
        throw new BillingError('rate_limited', 'Billing was synced moments ago. Try again shortly.', {
          'retry-after': String(claim.retryAfterSeconds),
        })
      }
    }
    return Response.json(await getBillingStatus(ctx, account.id), { headers: noStore })
  },
}

function syncedSince(syncedAt: Date | null, visitedAtParam: string | null): boolean {
  const visitedAt = visitedAtParam === null ? null : parseBillingReturnTime(visitedAtParam)
  return syncedAt !== null && visitedAt !== null && syncedAt.getTime() >= visitedAt
}
