import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BillingEventContext } from '../billing-options.js'
import type { BillingStore, BillingStoreWriter } from '../stores/billing-store.js'
import { pgliteStore } from '../stores/pglite-store.js'
import {
  type BillingHarness,
  startBillingHarness,
  stripeClientFor,
  subscribeAccount,
} from '../testing/billing-harness.js'
import { testStores } from '../testing/test-stores.js'

const syncModes = ['fetch', 'payload'] as const
const modes = [
  ...testStores().flatMap((store) => syncModes.map((sync) => ({ store, sync, account: 'its apply statement' }))),
  // A custom store may leave out the optional `applyWebhookEventWithAccount`: the handler reads the account.
  ...syncModes.map((sync) => ({
    store: {
      name: 'PGlite',
      create: async () => ({ store: withoutAccountAnswer(pgliteStore()), dispose: async () => {} }),
    },
    sync,
    account: 'a read of the customer',
  })),
]

describe.each(modes)('on $store.name in $sync mode, the hook’s account from $account', ({ store: testStore, sync }) => {
  let h: BillingHarness
  let dispose: () => Promise<void>
  const seen: string[] = []
  const contexts = new Map<string, BillingEventContext>()
  beforeAll(async () => {
    const created = await testStore.create()
    dispose = created.dispose
    h = await startBillingHarness({
      sync,
      store: created.store,
      onEvent: async (event, context) => {
        seen.push(event.id)
        contexts.set(event.id, context)
      },
    })
  })
  afterAll(async () => {
    await h.close()
    await dispose()
  })

  it('applies one event delivered 20 times concurrently exactly once, and calls onEvent once', async () => {
    const { subscription } = await subscribeAccount(h.stripe, 'acct_dup')
    const events = h.emittedEvents()
    const created = events.find(
      (e) =>
        e.type === 'customer.subscription.created' && (e.data.object as Stripe.Subscription).id === subscription.id,
    ) as Stripe.Event
    const customerCreated = events.find((e) => e.type === 'customer.created') as Stripe.Event
    expect((await h.billing.handler(h.signedWebhook(JSON.stringify(customerCreated)))).status).toBe(200)

    const payload = JSON.stringify(created)
    const responses = await Promise.all(Array.from({ length: 20 }, () => h.billing.handler(h.signedWebhook(payload))))
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200))
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { duplicate: boolean }[]
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1)
    expect(seen.filter((id) => id === created.id)).toHaveLength(1)

    const status = await h.billing.api.getStatus('acct_dup')
    expect(status.subscription?.id).toBe(subscription.id)
    expect(status.access).toBe('full')
  })

  it('records an unknown event type once and acknowledges it', async () => {
    const event = { ...h.emittedEvents()[0], id: `evt_unknown_${sync}`, type: 'radar.early_fraud_warning.created' }
    const first = await h.billing.handler(h.signedWebhook(JSON.stringify(event)))
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ received: true, duplicate: false })
    expect(await (await h.billing.handler(h.signedWebhook(JSON.stringify(event)))).json()).toEqual({
      received: true,
      duplicate: true,
    })
    expect(seen.filter((id) => id === event.id)).toHaveLength(1)
  })

  const deliver = async (event: Stripe.Event) => {
    expect((await h.billing.handler(h.signedWebhook(JSON.stringify(event)))).status).toBe(200)
    return contexts.get(event.id)
  }
  const emitted = (type: string, objectId: string) =>
    h.emittedEvents().find((e) => e.type === type && (e.data.object as { id: string }).id === objectId) as Stripe.Event

  it('passes onEvent the account that the customer.created event itself links, and the same account for its subscription', async () => {
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

  it('passes onEvent the account a customer.deleted event frees, so the app can act for that account', async () => {
    const { customer, subscription } = await subscribeAccount(h.stripe, `acct_gone_${sync}`)
    await deliver(emitted('customer.created', customer.id))
    await deliver(emitted('customer.subscription.created', subscription.id))
    await h.stripe.customers.del(customer.id)

    expect(await deliver(emitted('customer.deleted', customer.id))).toEqual({
      accountId: `acct_gone_${sync}`,
      customerId: customer.id,
    })
    expect((await h.billing.api.getStatus(`acct_gone_${sync}`)).subscription).toBeNull()
  })

  it('passes onEvent no account for a customer that belongs to no account', async () => {
    const customer = await h.stripe.customers.create({ email: `nobody_${sync}@example.com` })

    expect(await deliver(emitted('customer.created', customer.id))).toEqual({
      accountId: null,
      customerId: customer.id,
    })
  })
})

/** The store as one without the optional `applyWebhookEventWithAccount`, inside transactions too. */
function withoutAccountAnswer(store: BillingStore): BillingStore {
  const hide = <T extends BillingStoreWriter>(writer: T): T =>
    Object.assign(Object.create(writer) as T, { applyWebhookEventWithAccount: undefined })
  return Object.assign(hide(store), {
    transaction: <T>(fn: (tx: BillingStoreWriter) => Promise<T>) => store.transaction((tx) => fn(hide(tx))),
  })
}

/** A store whose next transaction fails once, as a dropped connection would. */
function failingOnce(store: BillingStore): BillingStore & { failNext(): void } {
  let fail = false
  return Object.assign(Object.create(store) as BillingStore, {
    failNext() {
      fail = true
    },
    transaction<T>(fn: (tx: BillingStoreWriter) => Promise<T>): Promise<T> {
      return store.transaction(async (tx) => {
        const result = await fn(tx)
        if (fail) {
          fail = false
          throw new Error('connection terminated unexpectedly')
        }
        return result
      })
    },
  })
}

describe('given a failure in the middle of a webhook', () => {
  let h: BillingHarness
  let store: ReturnType<typeof failingOnce>
  let onEventCalls = 0
  let onEventFails = false
  beforeAll(async () => {
    store = failingOnce(pgliteStore())
    // Payload mode, so the subscription reaches the store only through the failing event.
    h = await startBillingHarness({
      store,
      sync: 'payload',
      onEvent: async () => {
        onEventCalls++
        if (onEventFails) throw new Error('app database down')
      },
    })
  })
  afterAll(() => h.close())

  it('answers 503 when the store fails after applying, keeps nothing, and succeeds on redelivery', async () => {
    const { subscription } = await subscribeAccount(h.stripe, 'acct_store_fail')
    const customerCreated = h.emittedEvents().find((e) => e.type === 'customer.created') as Stripe.Event
    await h.billing.handler(h.signedWebhook(JSON.stringify(customerCreated)))
    const event = h.emittedEvents().find((e) => e.type === 'customer.subscription.created') as Stripe.Event
    const calls = onEventCalls
    store.failNext()
    const failed = await h.billing.handler(h.signedWebhook(JSON.stringify(event)))
    expect(failed.status).toBe(503)
    expect((await failed.json()).error).toEqual({
      code: 'store_unavailable',
      message: 'The billing database is unavailable. Try again.',
    })
    expect((await h.billing.api.getStatus('acct_store_fail')).subscription).toBeNull()
    expect(await store.isWebhookEventProcessed(event.id)).toBe(false)

    const retried = await h.billing.handler(h.signedWebhook(JSON.stringify(event)))
    expect(retried.status).toBe(200)
    expect(await retried.json()).toEqual({ received: true, duplicate: false })
    expect((await h.billing.api.getStatus('acct_store_fail')).subscription?.id).toBe(subscription.id)
    expect(onEventCalls - calls).toBe(2)
  })

  it('answers 500 when onEvent throws, and the redelivery applies the event', async () => {
    await subscribeAccount(h.stripe, 'acct_hook_fail')
    const customerCreated = h
      .emittedEvents()
      .filter((e) => e.type === 'customer.created')
      .at(-1) as Stripe.Event
    onEventFails = true
    const failed = await h.billing.handler(h.signedWebhook(JSON.stringify(customerCreated)))
    expect(failed.status).toBe(500)
    expect((await h.billing.api.getStatus('acct_hook_fail')).customer).toBeNull()
    onEventFails = false
    expect((await h.billing.handler(h.signedWebhook(JSON.stringify(customerCreated)))).status).toBe(200)
    expect((await h.billing.api.getStatus('acct_hook_fail')).customer).not.toBeNull()
  })
})

describe('given Stripe failing while a fetch-mode webhook reads subscriptions', () => {
  it('answers 502 and the redelivery succeeds', async () => {
    let failStripe = false
    const h = await startBillingHarness()
    const real = stripeClientFor(h.emulator.url)
    const { default: StripeSdk } = await import('stripe')
    const flaky = stripeClientFor(h.emulator.url, {
      httpClient: StripeSdk.createFetchHttpClient(async (input, init) => {
        if (failStripe) throw new TypeError('fetch failed: ECONNRESET')
        return fetch(input, init)
      }),
    })
    const { createBilling } = await import('../create-billing.js')
    const billing = createBilling({ ...h.billing.options, stripe: flaky })
    try {
      const { subscription } = await subscribeAccount(real, 'acct_stripe_fail')
      const event = h.emittedEvents().find((e) => e.type === 'customer.subscription.created') as Stripe.Event
      failStripe = true
      const failed = await billing.handler(h.signedWebhook(JSON.stringify(event)))
      expect(failed.status).toBe(502)
      expect((await failed.json()).error.code).toBe('stripe_unavailable')
      failStripe = false
      const retried = await billing.handler(h.signedWebhook(JSON.stringify(event)))
      expect(retried.status).toBe(200)
      const rows = await h.store.listSubscriptions(subscription.customer as string)
      expect(rows.map((r) => r.subscriptionId)).toEqual([subscription.id])
    } finally {
      await h.close()
    }
  })
})

describe('given the store failing on the one-statement path (no onEvent)', () => {
  it('answers 503, keeps nothing, and the redelivery applies the event', async () => {
    const inner = pgliteStore()
    let fail = false
    const store: BillingStore = Object.assign(Object.create(inner) as BillingStore, {
      applyWebhookEvent: async (...args: Parameters<BillingStore['applyWebhookEvent']>) => {
        if (fail) {
          fail = false
          throw new Error('connection terminated unexpectedly')
        }
        return inner.applyWebhookEvent(...args)
      },
    })
    const h = await startBillingHarness({ store, sync: 'payload' })
    try {
      const { subscription } = await subscribeAccount(h.stripe, 'acct_fast_fail')
      for (const e of h.emittedEvents().filter((e) => e.type === 'customer.created')) {
        await h.billing.handler(h.signedWebhook(JSON.stringify(e)))
      }
      const event = h.emittedEvents().find((e) => e.type === 'customer.subscription.created') as Stripe.Event
      fail = true
      const failed = await h.billing.handler(h.signedWebhook(JSON.stringify(event)))
      expect(failed.status).toBe(503)
      expect(await inner.isWebhookEventProcessed(event.id)).toBe(false)
      expect((await h.billing.api.getStatus('acct_fast_fail')).subscription).toBeNull()
      const retried = await h.billing.handler(h.signedWebhook(JSON.stringify(event)))
      expect(await retried.json()).toEqual({ received: true, duplicate: false })
      expect((await h.billing.api.getStatus('acct_fast_fail')).subscription?.id).toBe(subscription.id)
    } finally {
      await h.close()
    }
  })
})
