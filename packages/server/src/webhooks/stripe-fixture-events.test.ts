import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness } from '../testing/billing-harness.js'
import { fixtureSubscription, stripeFixture } from '../testing/stripe-fixtures.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness({ sync: 'payload' })
})
afterAll(() => h.close())

/** Stripe's fixture event envelope around an object. */
function envelope(
  id: string,
  type: string,
  object: unknown,
  created: number,
  previous?: Record<string, unknown>,
): string {
  const event = stripeFixture<Stripe.Event>('event')
  return JSON.stringify({
    ...event,
    id,
    type,
    created,
    data: { object, ...(previous ? { previous_attributes: previous } : {}) },
  })
}

async function deliver(payload: string) {
  const res = await h.billing.handler(h.signedWebhook(payload))
  expect(res.status).toBe(200)
}

const now = Math.floor(Date.now() / 1000)

describe('given Stripe’s fixture objects in signed events', () => {
  it('reads the period end from the subscription item and treats a portal cancel_at as canceling', async () => {
    const customer = {
      ...stripeFixture<Stripe.Customer>('customer'),
      id: 'cus_fixture_1',
      metadata: { accountId: 'acct_fixture_1' },
    }
    await deliver(envelope('evt_fx_1', 'customer.created', customer, now - 100))
    const sub = fixtureSubscription({
      id: 'sub_fixture_1',
      customer: 'cus_fixture_1',
      status: 'active',
      cancel_at_period_end: false,
    })
    const item = sub.items.data[0] as Stripe.SubscriptionItem
    item.current_period_end = now + 20 * 86_400
    await deliver(envelope('evt_fx_2', 'customer.subscription.created', sub, now - 90))

    const portalCancel = { ...sub, cancel_at: now + 10 * 86_400 }
    await deliver(envelope('evt_fx_3', 'customer.subscription.updated', portalCancel, now - 80, { cancel_at: null }))

    const status = await h.billing.api.getStatus('acct_fixture_1')
    expect(status.subscription).toMatchObject({
      id: 'sub_fixture_1',
      status: 'active',
      currentPeriodEnd: new Date((now + 20 * 86_400) * 1000).toISOString(),
      cancelAtPeriodEnd: false,
      cancelAt: new Date((now + 10 * 86_400) * 1000).toISOString(),
    })
    expect(status.access).toBe('full')
    expect(status.notice).toEqual({
      kind: 'canceling',
      until: new Date((now + 10 * 86_400) * 1000).toISOString(),
      flow: null,
    })
  })

  it('turns a fixture invoice.payment_failed into a grace period from the event’s time', async () => {
    const customer = {
      ...stripeFixture<Stripe.Customer>('customer'),
      id: 'cus_fixture_2',
      metadata: { accountId: 'acct_fixture_2' },
    }
    await deliver(envelope('evt_fx_10', 'customer.created', customer, now - 100))
    const sub = fixtureSubscription({ id: 'sub_fixture_2', customer: 'cus_fixture_2', status: 'past_due' })
    const invoice = {
      ...stripeFixture<Stripe.Invoice>('invoice'),
      id: 'in_fixture_2',
      customer: 'cus_fixture_2',
      status: 'open',
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: 'sub_fixture_2', metadata: null },
      },
    }
    const failedAt = now - 2 * 86_400
    // The failure arrives after the subscription update it caused: order does not matter.
    await deliver(envelope('evt_fx_11', 'customer.subscription.updated', sub, failedAt, { status: 'active' }))
    await deliver(envelope('evt_fx_12', 'invoice.payment_failed', invoice, failedAt))

    const status = await h.billing.api.getStatus('acct_fixture_2')
    expect(status.subscription?.pastDueSince).toBe(new Date(failedAt * 1000).toISOString())
    expect(status.access).toBe('grace')
    expect(status.graceUntil).toBe(new Date((failedAt + 7 * 86_400) * 1000).toISOString())
    expect(status.notice?.kind).toBe('payment_failed')
  })

  it('counts events for a customer that arrive before the customer is linked', async () => {
    const sub = fixtureSubscription({
      id: 'sub_fixture_3',
      customer: 'cus_fixture_3',
      status: 'trialing',
      trial_end: now + 2 * 86_400,
      cancel_at: null,
      cancel_at_period_end: false,
    })
    await deliver(envelope('evt_fx_20', 'customer.subscription.created', sub, now - 50))
    expect((await h.billing.api.getStatus('acct_fixture_3')).subscription).toBeNull()
    // The link comes from the customer the app made (metadata.accountId), never from a checkout's client_reference_id.
    const customer = {
      ...stripeFixture<Stripe.Customer>('customer'),
      id: 'cus_fixture_3',
      metadata: { accountId: 'acct_fixture_3' },
    }
    await deliver(envelope('evt_fx_21', 'customer.created', customer, now - 40))
    const status = await h.billing.api.getStatus('acct_fixture_3')
    expect(status.subscription).toMatchObject({ id: 'sub_fixture_3', status: 'trialing' })
    expect(status.notice?.kind).toBe('trial_ending')
  })
})
