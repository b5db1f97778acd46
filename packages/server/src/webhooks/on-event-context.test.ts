import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BillingEventContext } from '../billing-options.js'
import { type BillingHarness, startBillingHarness, subscribeAccount } from '../testing/billing-harness.js'
import { testStores } from '../testing/test-stores.js'

const modes = testStores().flatMap((store) => (['fetch', 'payload'] as const).map((sync) => ({ store, sync })))

describe.each(modes)('given an onEvent hook, on $store.name in $sync mode', ({ store: testStore, sync }) => {
  let h: BillingHarness
  let dispose: () => Promise<void>
  const contexts = new Map<string, BillingEventContext>()
  beforeAll(async () => {
    const created = await testStore.create()
    dispose = created.dispose
    h = await startBillingHarness({
      sync,
      store: created.store,
      onEvent: async (event, context) => {
        contexts.set(event.id, context)
      },
    })
  })
  afterAll(async () => {
    await h.close()
    await dispose()
  })

  const deliver = async (event: Stripe.Event) => {
    expect((await h.billing.handler(h.signedWebhook(JSON.stringify(event)))).status).toBe(200)
    return contexts.get(event.id)
  }
  const emitted = (type: string, objectId: string) =>
    h.emittedEvents().find((e) => e.type === type && (e.data.object as { id: string }).id === objectId) as Stripe.Event

  it('passes the account that the customer.created event itself links, and the same account for its subscription', async () => {
    const { customer, subscription } = await subscribeAccount(h.stripe, `acct_ctx_${sync}`)

    expect(await deliver(emitted('customer.created', customer.id))).toEqual({
      accountId: `acct_ctx_${sync}`,
      customerId: customer.id,
    })
    expect(await deliver(emitted('customer.subscription.created', subscription.id))).toEqual({
      accountId: `acct_ctx_${sync}`,
      customerId: customer.id,
    })
  })

  it('passes no account for a customer that belongs to no account', async () => {
    const customer = await h.stripe.customers.create({ email: `nobody_${sync}@example.com` })

    expect(await deliver(emitted('customer.created', customer.id))).toEqual({
      accountId: null,
      customerId: customer.id,
    })
  })
})
