import { type BillingStatus, deriveBillingStatus, selectPrimarySubscription } from '@portal-kit/core'
import type { BillingContext } from '../billing-context.js'
import { listedPlan } from '../checkout/listed-plan.js'
import { toBillingError } from '../errors.js'
import { type CustomerRecord, type SubscriptionRecord, statusRevisionOf } from '../stores/billing-store.js'
import { rememberStatusVersion } from './status-versions.js'

/**
 * The `BillingStatus` of an account from the store, as of `now`. Remembers its version with the
 * store revision it was built from, for the next conditional `GET /status`.
 */
export async function getBillingStatus(
  ctx: BillingContext,
  accountId: string,
  now: number = Date.now(),
): Promise<BillingStatus> {
  await ctx.ready()
  try {
    const customer = await ctx.store.findCustomerByAccount(accountId)
    const records = customer ? await ctx.store.listSubscriptions(customer.customerId) : []
    const status = deriveStatus(ctx, customer, records, now)
    rememberStatusVersion(ctx, accountId, statusRevisionOf(customer, records), status, now)
    return status
  } catch (error) {
    throw toBillingError(error, 'store')
  }
}

function deriveStatus(
  ctx: BillingContext,
  customer: CustomerRecord | null,
  records: SubscriptionRecord[],
  now: number,
): BillingStatus {
  if (!customer) return deriveBillingStatus({ customerId: null, subscription: null }, now, ctx.options.policy)
  const primary = selectPrimarySubscription(
    records.map((record) => ({
      id: record.subscriptionId,
      status: record.status,
      created: record.subscription.created,
      record,
    })),
  )?.record
  const priceId = primary?.subscription.items.data[0]?.price.id
  return deriveBillingStatus(
    {
      customerId: customer.customerId,
      subscription: primary?.subscription ?? null,
      pastDueSince: primary?.pastDueSince ?? null,
      paymentActionRequired: primary?.paymentActionRequired ?? false,
      syncedAt: customer.syncedAt,
      planName: priceId ? (listedPlan(ctx.options.plans, priceId)?.name ?? null) : null,
    },
    now,
    ctx.options.policy,
  )
}
