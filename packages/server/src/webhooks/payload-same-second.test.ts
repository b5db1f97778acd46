import type Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createBilling } from '../create-billing.js'
import {
  type BillingHarness,
  createMonthlyPrice,
  payCheckoutSession,
  startBillingHarness,
  subscribeAccount,
} from '../testing/billing-harness.js'
import { withStoreCallLog } from '../testing/store-call-log.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness({ sync: 'payload' })
})
afterAll(() => h.close())
afterEach(() => vi.useRealTimers())

/** The harness's billing on a store that records the name of each call made to it. */
function countingStoreCalls() {
  const { store, calls } = withStoreCallLog(h.store)
  return { billing: createBilling({ ...h.billing.options, store, autoMigrate: false }), calls }
}

function lastEventOf(type: string, subscriptionId: string): Stripe.Event {
  const event = h
    .emittedEvents()
    .filter((e) => e.type === type && (e.data.object as { id: string }).id === subscriptionId)
    .at(-1)
  if (!event) throw new Error(`no ${type} for ${subscriptionId}`)
  return event
}

/**
 * A subscription of `accountId`, reconciled, then canceled at period end and uncanceled in one second:
 * the two `customer.subscription.updated` events carry that second, and the first names a state that
 * came back, so only Stripe can order them.
 */
async function cancelAndUncancelInOneSecond(accountId: string) {
  const { subscription } = await subscribeAccount(h.stripe, accountId)
  await h.billing.api.reconcile()
  const second = Math.floor(Date.now() / 1000) + 2
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(second * 1000 + 100)
  await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
  const first = { ...lastEventOf('customer.subscription.updated', subscription.id), created: second }
  vi.setSystemTime(second * 1000 + 200)
  await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false })
  const secondChange = { ...lastEventOf('customer.subscription.updated', subscription.id), created: second }
  return { subscription, first, secondChange }
}

describe('given payload mode, a sync, then a change in Stripe in the same second', () => {
  it('applies the change’s event instead of keeping the older synced state', async () => {
    const { subscription } = await subscribeAccount(h.stripe, 'acct_same_second')
    await h.billing.api.reconcile()
    h.account = { id: 'acct_same_second', email: 'same@example.com' }
    const second = Math.floor(Date.now() / 1000) + 2
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(second * 1000 + 500)
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(200)

    vi.setSystemTime(second * 1000 + 700)
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    const change = { ...lastEventOf('customer.subscription.updated', subscription.id), created: second }
    const res = await h.billing.handler(h.signedWebhook(JSON.stringify(change)))
    expect(res.status).toBe(200)

    const status = await h.billing.api.getStatus('acct_same_second')
    expect(status.subscription).toMatchObject({ id: subscription.id, cancelAtPeriodEnd: true })
  })

  it('resolves two changes in one second delivered out of order to Stripe’s current state', async () => {
    const { subscription, first, secondChange } = await cancelAndUncancelInOneSecond('acct_same_second_2')

    // The later change arrives first, then the earlier one: same type, same status, same second.
    expect((await h.billing.handler(h.signedWebhook(JSON.stringify(secondChange)))).status).toBe(200)
    const { billing, calls } = countingStoreCalls()
    expect((await billing.handler(h.signedWebhook(JSON.stringify(first)))).status).toBe(200)
    const status = await h.billing.api.getStatus('acct_same_second_2')
    expect(status.subscription).toMatchObject({ id: subscription.id, cancelAtPeriodEnd: false })
    // The tie costs the refused claim, the duplicate check and the claim again: the refusal already
    // says the subscription is stored from that second, so nothing reads it back before asking Stripe.
    expect(calls).toEqual(['applyWebhookEvent', 'isWebhookEventProcessed', 'applyWebhookEvent'])
  })
})

describe('given payload mode and a version this process stored from the same second', () => {
  it('reads Stripe before claiming the tie, so the tie costs one claim and still ends at Stripe’s state', async () => {
    const { subscription, first, secondChange } = await cancelAndUncancelInOneSecond('acct_same_second_3')

    // One billing instance receives both, the later change first: it stored that second's version itself.
    const { billing, calls } = countingStoreCalls()
    expect((await billing.handler(h.signedWebhook(JSON.stringify(secondChange)))).status).toBe(200)
    calls.length = 0
    expect((await billing.handler(h.signedWebhook(JSON.stringify(first)))).status).toBe(200)
    expect(calls).toEqual(['applyWebhookEvent'])
    const status = await h.billing.api.getStatus('acct_same_second_3')
    expect(status.subscription).toMatchObject({ id: subscription.id, cancelAtPeriodEnd: false })
  })
})

describe('given payload mode and a tie this instance settled with Stripe', () => {
  it('answers a redelivery of that event as a duplicate without asking Stripe again', async () => {
    const { first, secondChange } = await cancelAndUncancelInOneSecond('acct_same_second_4')
    const { billing } = countingStoreCalls()
    expect((await billing.handler(h.signedWebhook(JSON.stringify(secondChange)))).status).toBe(200)
    expect((await billing.handler(h.signedWebhook(JSON.stringify(first)))).status).toBe(200)
    const requests: string[] = []
    const record = (request: { method: string; path: string }) => requests.push(`${request.method} ${request.path}`)
    h.stripe.on('request', record)
    try {
      const again = await billing.handler(h.signedWebhook(JSON.stringify(first)))
      expect(await again.json()).toEqual({ received: true, duplicate: true })
    } finally {
      h.stripe.off('request', record)
    }
    expect(requests).toEqual([])
  })
})

describe('given payload mode and a Checkout’s created (incomplete) and updated (active) events from one second', () => {
  /** A customer of `accountId` pays a Checkout; Stripe creates its subscription incomplete, then activates it. */
  async function checkoutEvents(accountId: string) {
    const price = await createMonthlyPrice(h.stripe, 'Pro', 2900)
    const customer = await h.stripe.customers.create({ email: `${accountId}@example.com`, metadata: { accountId } })
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example/settings/billing',
    })
    const paid = await payCheckoutSession(h, session.id)
    expect(paid.status).toBe(303)
    const subscriptionId = (await h.stripe.checkout.sessions.retrieve(session.id)).subscription as string
    const created = lastEventOf('customer.subscription.created', subscriptionId)
    const activated = lastEventOf('customer.subscription.updated', subscriptionId)
    expect([created.created, (created.data.object as Stripe.Subscription).status]).toEqual([
      activated.created,
      'incomplete',
    ])
    expect((activated.data.object as Stripe.Subscription).status).toBe('active')
    return { subscriptionId, customer, created, activated }
  }

  /** The Stripe API requests made while `run` runs. */
  async function stripeRequestsDuring(run: () => Promise<void>): Promise<string[]> {
    const requests: string[] = []
    const record = (request: { method: string; path: string }) => requests.push(`${request.method} ${request.path}`)
    h.stripe.on('request', record)
    try {
      await run()
    } finally {
      h.stripe.off('request', record)
    }
    return requests
  }

  it('orders them by lifecycle without asking Stripe, on one instance', async () => {
    const { subscriptionId, customer, created, activated } = await checkoutEvents('acct_checkout_pair_1')
    expect((await h.billing.handler(h.signedWebhook(JSON.stringify(customerCreatedOf(customer.id))))).status).toBe(200)
    const requests = await stripeRequestsDuring(async () => {
      expect((await h.billing.handler(h.signedWebhook(JSON.stringify(created)))).status).toBe(200)
      expect((await h.billing.handler(h.signedWebhook(JSON.stringify(activated)))).status).toBe(200)
    })
    expect(requests).toEqual([])
    const status = await h.billing.api.getStatus('acct_checkout_pair_1')
    expect(status.subscription).toMatchObject({ id: subscriptionId, status: 'active' })
  })

  it('keeps the active state when the created event arrives last, on two instances, without asking Stripe', async () => {
    const { subscriptionId, customer, created, activated } = await checkoutEvents('acct_checkout_pair_2')
    expect((await h.billing.handler(h.signedWebhook(JSON.stringify(customerCreatedOf(customer.id))))).status).toBe(200)
    const other = countingStoreCalls()
    const requests = await stripeRequestsDuring(async () => {
      expect((await h.billing.handler(h.signedWebhook(JSON.stringify(activated)))).status).toBe(200)
      expect((await other.billing.handler(h.signedWebhook(JSON.stringify(created)))).status).toBe(200)
    })
    expect(requests).toEqual([])
    // One claim: the stored version is of a later lifecycle stage, so the event is recorded without applying it.
    expect(other.calls).toEqual(['applyWebhookEvent'])
    const status = await h.billing.api.getStatus('acct_checkout_pair_2')
    expect(status.subscription).toMatchObject({ id: subscriptionId, status: 'active' })
  })
})

function customerCreatedOf(customerId: string): Stripe.Event {
  const event = h
    .emittedEvents()
    .find((e) => e.type === 'customer.created' && (e.data.object as { id: string }).id === customerId)
  if (!event) throw new Error(`no customer.created for ${customerId}`)
  return event
}
