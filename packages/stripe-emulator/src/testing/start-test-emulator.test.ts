import Stripe from 'stripe'
import { afterEach, describe, expect, it } from 'vitest'
import {
  resetEmulator,
  startTestEmulator,
  startWebhookReceiver,
  stripeClientFor,
  type TestEmulator,
  waitForWebhooks,
} from './index.js'

let kit: TestEmulator | undefined

afterEach(async () => {
  await kit?.close()
  kit = undefined
})

describe('given a test emulator started in-process', () => {
  it('listens on a free port and hands out an SDK client bound to it', async () => {
    kit = await startTestEmulator()
    const other = await startTestEmulator()
    try {
      expect(new URL(kit.url).port).not.toBe(new URL(other.url).port)
      const customer = await kit.stripe.customers.create({ email: 'ada@example.com' })
      await expect(other.stripe.customers.retrieve(customer.id)).rejects.toBeInstanceOf(
        Stripe.errors.StripeInvalidRequestError,
      )
      expect((await kit.stripe.customers.retrieve(customer.id)).id).toBe(customer.id)
    } finally {
      await other.close()
    }
  })

  it('collects every delivered event, verified with constructEvent, in delivery order', async () => {
    kit = await startTestEmulator()
    const customer = await kit.stripe.customers.create({ email: 'ada@example.com' })
    await kit.stripe.customers.update(customer.id, { name: 'Ada' })
    await kit.webhooksIdle()
    expect(kit.deliveredEvents().map((e) => e.type)).toEqual(['customer.created', 'customer.updated'])
    expect(kit.deliveredEvents('customer.updated')[0]?.data.object).toMatchObject({ id: customer.id, name: 'Ada' })
    const delivered = kit.webhooks.received[0]
    expect(() =>
      new Stripe('sk_test_x').webhooks.constructEvent(
        delivered!.body,
        String(delivered!.headers['stripe-signature']),
        kit!.webhookSecret,
      ),
    ).not.toThrow()
  })

  it('forgets objects, events and deliveries on reset', async () => {
    kit = await startTestEmulator()
    const customer = await kit.stripe.customers.create({ email: 'ada@example.com' })
    await kit.webhooksIdle()
    await kit.reset()
    expect(kit.deliveredEvents()).toEqual([])
    expect(kit.emittedEvents()).toEqual([])
    await expect(kit.stripe.customers.retrieve(customer.id)).rejects.toMatchObject({ code: 'resource_missing' })
    await kit.stripe.customers.create({ email: 'grace@example.com' })
    await kit.webhooksIdle()
    expect(kit.deliveredEvents().map((e) => e.type)).toEqual(['customer.created'])
  })

  it('advances a test clock and returns once the renewal webhooks have been delivered', async () => {
    kit = await startTestEmulator()
    const start = Math.floor(Date.UTC(2026, 0, 1) / 1000)
    const clock = await kit.stripe.testHelpers.testClocks.create({ frozen_time: start })
    const customer = await kit.stripe.customers.create({ test_clock: clock.id })
    const card = await kit.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const product = await kit.stripe.products.create({ name: 'Pro' })
    const price = await kit.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
    })
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: card.id,
    })
    const advanced = await kit.advanceClock(clock.id, new Date(Date.UTC(2026, 1, 2)))
    expect(advanced.status).toBe('ready')
    expect(kit.emulator.webhooks.pending()).toEqual({ queued: 0, inFlight: 0 })
    const paid = kit.deliveredEvents('invoice.paid').map((e) => (e.data.object as Stripe.Invoice).billing_reason)
    expect(paid).toEqual(['subscription_create', 'subscription_cycle'])
    expect((await kit.stripe.subscriptions.retrieve(subscription.id)).status).toBe('active')
  })
})

describe('given only the URL of an emulator in another process', () => {
  it('resets it and waits for its webhooks over the control endpoints', async () => {
    kit = await startTestEmulator()
    const stripe = stripeClientFor(kit.url)
    const customer = await stripe.customers.create({ email: 'ada@example.com' })
    await waitForWebhooks(kit.url)
    expect(kit.deliveredEvents()).toHaveLength(1)
    await resetEmulator(kit.url)
    await expect(stripe.customers.retrieve(customer.id)).rejects.toMatchObject({ code: 'resource_missing' })
  })
})

describe('given Stripe settings of its own', () => {
  it('passes them to the SDK client, such as an HTTP client that counts requests', async () => {
    kit = await startTestEmulator()
    let requests = 0
    const stripe = stripeClientFor(kit.url, {
      apiKey: 'sk_test_counting',
      httpClient: Stripe.createFetchHttpClient(async (input, init) => {
        requests++
        return fetch(input, init)
      }),
    })
    await stripe.customers.create({ email: 'grace@example.com' })
    await stripe.customers.list({ limit: 1 })
    expect(requests).toBe(2)
  })
})

describe('given a webhook receiver of its own', () => {
  it('verifies each request with the secret and lists the events', async () => {
    const receiver = await startWebhookReceiver('whsec_own')
    kit = await startTestEmulator({ webhookEndpoints: [{ url: receiver.url, secret: 'whsec_own' }] })
    try {
      await kit.stripe.products.create({ name: 'Pro' })
      await kit.webhooksIdle()
      expect(receiver.events().map((e) => e.type)).toEqual(['product.created'])
    } finally {
      await receiver.close()
    }
  })
})
