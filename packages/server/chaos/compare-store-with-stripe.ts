import { isDeepStrictEqual } from 'node:util'
import type Stripe from 'stripe'
import type { Billing } from '../src/create-billing.js'
import type { BillingStore } from '../src/stores/billing-store.js'
import type { SoakCustomer } from './billing-operations.js'
import { expectedBillingStatus } from './expected-billing-status.js'

/**
 * Everything where the store disagrees with Stripe: a subscription missing, extra or different
 * (the whole object), an account not linked to its customer, or a `BillingStatus` other than the
 * one core derives from Stripe's subscriptions and payment events. Empty when they agree.
 */
export async function compareStoreWithStripe(input: {
  stripe: Stripe
  store: BillingStore
  billing: Billing
  customers: readonly SoakCustomer[]
  eventsOf: (customerId: string) => readonly Stripe.Event[]
}): Promise<string[]> {
  const mismatches: string[] = []
  for (const customer of input.customers) {
    const truth = await input.stripe.subscriptions
      .list({ customer: customer.customerId, status: 'all', limit: 100 })
      .autoPagingToArray({ limit: 10_000 })
    const stored = await input.store.listSubscriptions(customer.customerId)
    for (const subscription of truth) {
      const record = stored.find((r) => r.subscriptionId === subscription.id)
      if (!record) mismatches.push(`${subscription.id} (${customer.customerId}) is missing from the store`)
      else if (!sameJson(record.subscription, subscription)) {
        mismatches.push(`${subscription.id} differs in ${differingKeys(record.subscription, subscription).join(', ')}`)
      }
    }
    for (const record of stored) {
      if (!truth.some((s) => s.id === record.subscriptionId))
        mismatches.push(`${record.subscriptionId} is not in Stripe`)
    }
    const linked = await input.store.findCustomerByAccount(customer.accountId)
    if (linked?.customerId !== customer.customerId) {
      mismatches.push(`${customer.accountId} is linked to ${linked?.customerId ?? 'nothing'}`)
    }
    // Access depends on the time; the status must equal the one derived at a moment around the read.
    const before = Date.now()
    const status = await input.billing.api.getStatus(customer.accountId)
    const after = Date.now()
    const expectedAt = (now: number) =>
      expectedBillingStatus({
        customerId: customer.customerId,
        subscriptions: truth,
        events: input.eventsOf(customer.customerId),
        syncedAt: linked?.syncedAt ?? null,
        now,
      })
    const expected = expectedAt(before)
    if (!isDeepStrictEqual(status, expected) && !isDeepStrictEqual(status, expectedAt(after))) {
      mismatches.push(
        `${customer.accountId} status differs in ${differingKeys(status, expected).join(', ')}: ${JSON.stringify(
          pick(status, differingKeys(status, expected)),
        )} instead of ${JSON.stringify(pick(expected, differingKeys(status, expected)))}`,
      )
    }
  }
  return mismatches
}

/** Equal as JSON: what the store keeps is the JSON Stripe sent, whatever its key order or prototypes. */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)))
}

function differingKeys(a: object, b: object): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].filter((k) => !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

function pick(object: object, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (object as Record<string, unknown>)[k]]))
}
