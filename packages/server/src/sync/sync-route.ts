import { BillingError, withStore } from '../errors.js'
import type { ResponseRoute } from '../http/billing-route.js'
import { noStore } from '../http/serve-route.js'
import { getBillingStatus } from '../status/get-billing-status.js'
import { syncCustomer } from './sync-customer.js'

/**
 * `POST /sync`: pulls the signed-in account's subscriptions from Stripe now and answers the fresh
 * status; one sync per account per `syncIntervalSeconds` across instances (429 with Retry-After).
 */
export const syncRoute: ResponseRoute<'account'> = {
  path: '/sync',
  methods: ['POST'],
  sameOrigin: true,
  auth: 'account',
  bodyLimit: 0,
  answers: 'response',
  async handle({ ctx, account }) {
    await ctx.ready()
    const customer = await withStore(() => ctx.store.findCustomerByAccount(account.id))
    if (customer) {
      const slot = await withStore(() => ctx.store.claimSyncSlot(customer.customerId, ctx.syncIntervalSeconds))
      if (!slot.granted) {
        throw new BillingError('rate_limited', 'Billing was synced moments ago. Try again shortly.', {
          'retry-after': String(slot.retryAfterSeconds),
        })
      }
      await syncCustomer(ctx, customer.customerId)
    }
    return Response.json(await getBillingStatus(ctx, account.id), { headers: noStore })
  },
}
