import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { recurringPrice } from '../testing/recurring-price.js'

const day = 86_400
const hour = 3600
/** 2031-01-01T00:00:00Z, on a test clock. */
const start = 1_924_992_000

async function subscriberOnClock(stripe: Stripe, options: { trialDays?: number } = {}) {
  const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: start, email: 'grace@example.com' })
  const product = await stripe.products.create({ name: 'Pro' })
  const price = await recurringPrice(stripe, product.id, 2500)
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    ...(options.trialDays ? { trial_period_days: options.trialDays } : {}),
  })
  // From here on every charge fails, so the attempt shows in the subscription's status.
  const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } })
  const periodEnd = subscription.items.data[0]?.current_period_end as number
  return { clock, customer, subscription, periodEnd }
}

async function latest(stripe: Stripe, subscriptionId: string) {
  const subscription = await stripe.subscriptions.retrieve(subscriptionId, { expand: ['latest_invoice'] })
  return { subscription, invoice: subscription.latest_invoice as Stripe.Invoice }
}

async function eventTypesSince(stripe: Stripe, customerId: string, since: number): Promise<string[]> {
  const types: string[] = []
  for await (const event of stripe.events.list({ created: { gte: since }, limit: 100 })) {
    const object = event.data.object as { customer?: unknown }
    if (object.customer === customerId && /^(customer\.subscription|invoice)\./.test(event.type)) types.push(event.type)
  }
  return types.reverse()
}

describe("a cycle invoice waits out Stripe's finalization grace period (1 hour by default)", () => {
  let client: EmulatorClient
  beforeAll(async () => {
    client = await startEmulatorClient()
  })
  afterAll(() => client.close())

  it('renews into a draft that finalizes and is charged an hour later', async () => {
    const { stripe } = client
    const { clock, customer, subscription, periodEnd } = await subscriberOnClock(stripe)

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd })
    const renewed = await latest(stripe, subscription.id)
    expect(renewed.subscription.status).toBe('active')
    expect(renewed.subscription.items.data[0]?.current_period_start).toBe(periodEnd)
    expect(renewed.invoice).toMatchObject({
      billing_reason: 'subscription_cycle',
      status: 'draft',
      auto_advance: true,
      automatically_finalizes_at: periodEnd + hour,
      // Stripe: "the time at which payment will next be attempted"; a draft's first attempt is its finalization.
      next_payment_attempt: periodEnd + hour,
      attempt_count: 0,
    })
    // invoice.created already says when the draft will be finalized and charged, as Stripe's does.
    const created = (await stripe.events.list({ type: 'invoice.created', limit: 100 })).data.find(
      (e) => (e.data.object as Stripe.Invoice).id === renewed.invoice.id,
    )
    expect(created?.data.object).toMatchObject({
      automatically_finalizes_at: periodEnd + hour,
      next_payment_attempt: periodEnd + hour,
    })
    expect(await eventTypesSince(stripe, customer.id, periodEnd)).toEqual([
      'invoice.created',
      'customer.subscription.updated',
    ])

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + hour - 1 })
    expect((await latest(stripe, subscription.id)).invoice.status).toBe('draft')

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + hour })
    const charged = await latest(stripe, subscription.id)
    expect(charged.subscription.status).toBe('past_due')
    expect(charged.invoice).toMatchObject({
      status: 'open',
      automatically_finalizes_at: null,
      attempt_count: 1,
      next_payment_attempt: periodEnd + hour + 3 * day,
    })
    expect(await eventTypesSince(stripe, customer.id, periodEnd + hour)).toEqual([
      'invoice.finalized',
      'invoice.payment_failed',
      'customer.subscription.updated',
    ])
  })

  it('ends a trial as active with a draft, charged an hour later', async () => {
    const { stripe } = client
    const { clock, customer, subscription } = await subscriberOnClock(stripe, { trialDays: 7 })
    const trialEnd = start + 7 * day

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: trialEnd })
    const afterTrial = await latest(stripe, subscription.id)
    expect(afterTrial.subscription.status).toBe('active')
    expect(afterTrial.invoice).toMatchObject({ status: 'draft', automatically_finalizes_at: trialEnd + hour })

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: trialEnd + hour })
    expect((await latest(stripe, subscription.id)).subscription.status).toBe('past_due')
    const changes = await eventTypesSince(stripe, customer.id, trialEnd)
    expect(changes.filter((t) => t === 'customer.subscription.updated')).toHaveLength(2)
  })

  it('charges nothing once the subscription is canceled during the grace period', async () => {
    const { stripe } = client
    const { customer, clock, subscription, periodEnd } = await subscriberOnClock(stripe)
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd })
    const draft = (await latest(stripe, subscription.id)).invoice
    expect(draft.status).toBe('draft')

    await stripe.subscriptions.cancel(subscription.id)
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + 2 * hour })
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled')
    expect(await stripe.invoices.retrieve(draft.id as string)).toMatchObject({
      status: 'draft',
      auto_advance: false,
      automatically_finalizes_at: null,
      next_payment_attempt: null,
      attempt_count: 0,
    })
    const types = await eventTypesSince(stripe, customer.id, periodEnd)
    expect(types).not.toContain('invoice.finalized')
    expect(types).not.toContain('invoice.payment_failed')
  })

  it('charges at once what an API call invoices (trial_end=now)', async () => {
    const { stripe } = client
    const { subscription } = await subscriberOnClock(stripe, { trialDays: 7 })
    const ended = await stripe.subscriptions.update(subscription.id, { trial_end: 'now', expand: ['latest_invoice'] })
    expect(ended.status).toBe('past_due')
    expect(ended.latest_invoice).toMatchObject({ status: 'open', attempt_count: 1 })
  })
})

describe('with invoiceFinalizationGraceHours set to 0', () => {
  let client: EmulatorClient
  beforeAll(async () => {
    client = await startEmulatorClient({ settings: { invoiceFinalizationGraceHours: 0 } })
  })
  afterAll(() => client.close())

  it('finalizes and charges a renewal invoice the moment it is created', async () => {
    const { stripe } = client
    const { clock, subscription, periodEnd } = await subscriberOnClock(stripe)
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd })
    const renewed = await latest(stripe, subscription.id)
    expect(renewed.subscription.status).toBe('past_due')
    expect(renewed.invoice).toMatchObject({
      status: 'open',
      attempt_count: 1,
      next_payment_attempt: periodEnd + 3 * day,
    })
  })
})
