import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { retryOpenInvoices } from './retry-open-invoices.js'

const day = 86_400
/** 2030-01-01T00:00:00Z: far from real time, so the clock's events sort after any real-time ones. */
const start = 1_893_456_000

/** Subscription and invoice events about one customer, oldest first, through `GET /v1/events`. */
async function billingEvents(stripe: Stripe, customerId: string): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = []
  for await (const event of stripe.events.list({ created: { gte: start }, limit: 100 })) {
    const object = event.data.object as { customer?: unknown }
    if (object.customer === customerId && /^(customer\.subscription|invoice)\./.test(event.type)) events.push(event)
  }
  return events.reverse()
}

async function advance(stripe: Stripe, clockId: string, to: number): Promise<void> {
  const clock = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to })
  expect(clock).toMatchObject({ status: 'ready', frozen_time: to })
}

async function customerOnClock(stripe: Stripe, card: string) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start, name: 'lifecycle' })
  const customer = await stripe.customers.create({ email: 'life@example.com', test_clock: clock.id })
  const pm = await stripe.paymentMethods.attach(card, { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
  return { clock, customer }
}

async function useCard(stripe: Stripe, customerId: string, card: string): Promise<string> {
  const pm = await stripe.paymentMethods.attach(card, { customer: customerId })
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } })
  return pm.id
}

async function monthlyPrice(stripe: Stripe) {
  return stripe.prices.create({
    currency: 'usd',
    unit_amount: 2500,
    recurring: { interval: 'month' },
    product_data: { name: 'Pro' },
  })
}

function periodEnd(sub: Stripe.Subscription): number {
  return sub.items.data[0]?.current_period_end as number
}

describe('a subscription on a test clock, from trial to cancellation', () => {
  let client: EmulatorClient
  beforeAll(async () => {
    client = await startEmulatorClient()
  })
  afterAll(() => client.close())

  it('runs trial, renewals, failed payments with retries, recovery and cancellation at period end', async () => {
    const { stripe } = client
    const price = await monthlyPrice(stripe)
    const { clock, customer } = await customerOnClock(stripe, 'pm_card_visa')

    const created = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 14,
    })
    expect(created).toMatchObject({ status: 'trialing', trial_end: start + 14 * day, test_clock: clock.id })

    await advance(stripe, clock.id, start + 11 * day + 3600)
    expect((await stripe.subscriptions.retrieve(created.id)).status).toBe('trialing')
    expect((await billingEvents(stripe, customer.id)).map((e) => e.type)).toContain(
      'customer.subscription.trial_will_end',
    )

    await advance(stripe, clock.id, start + 14 * day + 3600)
    const afterTrial = await stripe.subscriptions.retrieve(created.id, { expand: ['latest_invoice'] })
    expect(afterTrial.status).toBe('active')
    expect(afterTrial.items.data[0]?.current_period_start).toBe(start + 14 * day)
    expect(afterTrial.latest_invoice).toMatchObject({
      billing_reason: 'subscription_cycle',
      status: 'paid',
      amount_paid: 2500,
    })

    await advance(stripe, clock.id, periodEnd(afterTrial) + 3600)
    const renewed = await stripe.subscriptions.retrieve(created.id, { expand: ['latest_invoice'] })
    expect(renewed.status).toBe('active')
    expect(renewed.items.data[0]?.current_period_start).toBe(periodEnd(afterTrial))
    expect(renewed.latest_invoice).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid' })

    await useCard(stripe, customer.id, 'pm_card_chargeCustomerFail')
    // The renewal invoice is charged, and fails, after the finalization grace period (1 hour).
    const failedAt = periodEnd(renewed) + 3600
    await advance(stripe, clock.id, failedAt)
    const pastDue = await stripe.subscriptions.retrieve(created.id, { expand: ['latest_invoice'] })
    expect(pastDue.status).toBe('past_due')
    expect(pastDue.latest_invoice).toMatchObject({
      status: 'open',
      attempt_count: 1,
      next_payment_attempt: failedAt + 3 * day,
    })

    await advance(stripe, clock.id, failedAt + 3 * day)
    await advance(stripe, clock.id, failedAt + 5 * day)
    const openInvoice = await stripe.invoices.retrieve((pastDue.latest_invoice as Stripe.Invoice).id)
    expect(openInvoice).toMatchObject({ status: 'open', attempt_count: 3, next_payment_attempt: failedAt + 7 * day })
    expect((await stripe.subscriptions.retrieve(created.id)).status).toBe('past_due')

    await useCard(stripe, customer.id, 'pm_card_visa')
    retryOpenInvoices(client.running.emulator, customer.id)
    expect((await stripe.invoices.retrieve(openInvoice.id)).status).toBe('paid')
    expect((await stripe.subscriptions.retrieve(created.id)).status).toBe('active')

    const canceling = await stripe.subscriptions.update(created.id, { cancel_at_period_end: true })
    expect(canceling).toMatchObject({ status: 'active', cancel_at_period_end: true, cancel_at: periodEnd(pastDue) })
    await advance(stripe, clock.id, periodEnd(canceling) + 3600)
    const ended = await stripe.subscriptions.retrieve(created.id)
    expect(ended).toMatchObject({ status: 'canceled', ended_at: periodEnd(canceling) })
    expect((await stripe.invoices.list({ subscription: created.id, limit: 100 })).data).toHaveLength(4)

    const events = await billingEvents(stripe, customer.id)
    expect(events.map((e) => e.type)).toEqual([
      // created with a trial: a $0 invoice, paid at once
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.trial_will_end',
      // trial ends: first paid period
      'invoice.created',
      'customer.subscription.updated',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      // renewal
      'invoice.created',
      'customer.subscription.updated',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      // renewal with the failing card, then two failed retries
      'invoice.created',
      'customer.subscription.updated',
      'invoice.finalized',
      'invoice.payment_failed',
      'customer.subscription.updated',
      'invoice.payment_failed',
      'invoice.payment_failed',
      // recovery with a new card
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.updated',
      // cancel at period end
      'customer.subscription.updated',
      'customer.subscription.deleted',
    ])
    const statusChanges = events
      .filter((e) => e.type === 'customer.subscription.updated' && e.data.previous_attributes?.status)
      .map(
        (e) =>
          `${(e.data.previous_attributes as { status: string }).status}→${(e.data.object as Stripe.Subscription).status}`,
      )
    expect(statusChanges).toEqual(['trialing→active', 'active→past_due', 'past_due→active'])
    expect(events.every((e, i) => i === 0 || e.created >= (events[i - 1] as Stripe.Event).created)).toBe(true)
    expect(events.at(-1)?.created).toBe(periodEnd(canceling))
  })

  it('cancels after the last failed retry with the default afterFinalFailure (cancel)', async () => {
    const { stripe } = client
    const price = await monthlyPrice(stripe)
    const { clock, customer } = await customerOnClock(stripe, 'pm_card_visa')
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    await useCard(stripe, customer.id, 'pm_card_chargeCustomerFail')
    const failedAt = periodEnd(sub) + 3600
    await advance(stripe, clock.id, failedAt)
    await advance(stripe, clock.id, failedAt + 8 * day)
    const ended = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] })
    expect(ended).toMatchObject({
      status: 'canceled',
      ended_at: failedAt + 7 * day,
      cancellation_details: { reason: 'payment_failed' },
    })
    expect(ended.latest_invoice).toMatchObject({ status: 'open', attempt_count: 4, next_payment_attempt: null })
  })

  it('cancels at cancel_at inside the period, without a renewal invoice', async () => {
    const { stripe } = client
    const price = await monthlyPrice(stripe)
    const { clock, customer } = await customerOnClock(stripe, 'pm_card_visa')
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    const cancelAt = start + 10 * day
    await stripe.subscriptions.update(sub.id, { cancel_at: cancelAt })
    await advance(stripe, clock.id, start + 9 * day)
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active')
    await advance(stripe, clock.id, periodEnd(sub) + day)
    const ended = await stripe.subscriptions.retrieve(sub.id)
    expect(ended).toMatchObject({ status: 'canceled', cancel_at: cancelAt, ended_at: cancelAt })
    expect((await stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1)
    const types = (await billingEvents(stripe, customer.id)).map((e) => e.type)
    expect(types.at(-1)).toBe('customer.subscription.deleted')
  })

  it('expires an incomplete subscription after 23 hours and voids its invoice', async () => {
    const { stripe } = client
    const price = await monthlyPrice(stripe)
    const { clock, customer } = await customerOnClock(stripe, 'pm_card_chargeCustomerFail')
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    expect(sub.status).toBe('incomplete')
    await advance(stripe, clock.id, start + 22 * 3600)
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('incomplete')
    await advance(stripe, clock.id, start + 24 * 3600)
    const expired = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] })
    expect(expired.status).toBe('incomplete_expired')
    expect(expired.latest_invoice).toMatchObject({ status: 'void' })
    const types = (await billingEvents(stripe, customer.id)).map((e) => e.type)
    expect(types.slice(-2)).toEqual(['invoice.voided', 'customer.subscription.updated'])
  })
  it('pauses at trial end without a payment method when asked to, and resumes with a paid invoice', async () => {
    const { stripe } = client
    const price = await monthlyPrice(stripe)
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start })
    const customer = await stripe.customers.create({ email: 'pause@example.com', test_clock: clock.id })
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    })
    await advance(stripe, clock.id, start + 8 * day)
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('paused')
    await useCard(stripe, customer.id, 'pm_card_visa')
    const resumed = await stripe.subscriptions.resume(sub.id, { expand: ['latest_invoice'] })
    expect(resumed.status).toBe('active')
    expect(resumed.items.data[0]?.current_period_start).toBe(start + 8 * day)
    expect(resumed.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 2500 })
    const notPaused = await stripe.subscriptions.resume(sub.id).catch((e: unknown) => e)
    expect(notPaused).toMatchObject({ statusCode: 400 })
    const types = (await billingEvents(stripe, customer.id)).map((e) => e.type)
    expect(types).toContain('customer.subscription.paused')
    expect(types.at(-1)).toBe('customer.subscription.resumed')
  })
})

describe('with afterFinalFailure set to unpaid', () => {
  let client: EmulatorClient
  beforeAll(async () => {
    client = await startEmulatorClient({ settings: { afterFinalFailure: 'unpaid', paymentRetryDays: [2, 4] } })
  })
  afterAll(() => client.close())

  it('turns unpaid after the last retry, stops charging renewals, and recovers when the open invoices are paid', async () => {
    const { stripe } = client
    const price = await monthlyPrice(stripe)
    const { clock, customer } = await customerOnClock(stripe, 'pm_card_visa')
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    await useCard(stripe, customer.id, 'pm_card_chargeCustomerFail')
    const failedAt = periodEnd(sub) + 3600
    await advance(stripe, clock.id, failedAt)
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due')
    await advance(stripe, clock.id, failedAt + 5 * day)
    const unpaid = await stripe.subscriptions.retrieve(sub.id)
    expect(unpaid.status).toBe('unpaid')
    const firstFailed = await stripe.invoices.list({ subscription: sub.id, status: 'open' })
    expect(firstFailed.data[0]).toMatchObject({ attempt_count: 3, next_payment_attempt: null })

    await advance(stripe, clock.id, periodEnd(unpaid) + 3600)
    const open = await stripe.invoices.list({ subscription: sub.id, status: 'open' })
    expect(open.data).toHaveLength(2)
    expect(open.data[0]).toMatchObject({ billing_reason: 'subscription_cycle', attempt_count: 0, attempted: false })
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('unpaid')

    await useCard(stripe, customer.id, 'pm_card_visa')
    await stripe.invoices.pay((open.data[1] as Stripe.Invoice).id)
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('unpaid')
    await stripe.invoices.pay((open.data[0] as Stripe.Invoice).id)
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active')
  })
})
