import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

const day = 86_400
/** 2030-01-01T00:00:00Z; the first period ends 2030-02-01, the second 2030-03-01. */
const start = 1_893_456_000
const firstRenewal = start + 31 * day
const secondRenewal = firstRenewal + 28 * day

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())
beforeEach(() => kit.reset())

async function monthlySubscriber() {
  const { stripe } = kit
  const price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 3000,
    recurring: { interval: 'month' },
    product_data: { name: 'Team' },
  })
  const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: start, email: 'pause@example.com' })
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
  return { price, clock, customer, subscription }
}

describe('given collection paused with behavior void until a date', () => {
  it('voids the renewal invoice while paused, then resumes at resumes_at and charges the next renewal', async () => {
    const { stripe } = kit
    const { clock, subscription } = await monthlySubscriber()
    const resumesAt = firstRenewal + 10 * day
    const paused = await stripe.subscriptions.update(subscription.id, {
      pause_collection: { behavior: 'void', resumes_at: resumesAt },
    })
    expect(paused).toMatchObject({ status: 'active', pause_collection: { behavior: 'void', resumes_at: resumesAt } })

    await kit.advanceClock(clock.id, firstRenewal + 3600)
    const renewal = await stripe.invoices.retrieve(
      (await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string,
    )
    expect(renewal).toMatchObject({ billing_reason: 'subscription_cycle', status: 'void', amount_paid: 0 })
    expect(kit.deliveredEvents('invoice.voided').map((e) => (e.data.object as Stripe.Invoice).id)).toEqual([renewal.id])
    expect(kit.deliveredEvents('invoice.payment_succeeded')).toHaveLength(1)

    await kit.advanceClock(clock.id, resumesAt + 60)
    const resumed = await stripe.subscriptions.retrieve(subscription.id)
    expect(resumed.pause_collection).toBeNull()
    const update = kit
      .deliveredEvents('customer.subscription.updated')
      .find((e) => (e.data.previous_attributes as { pause_collection?: unknown }).pause_collection)
    if (!update) throw new Error('no customer.subscription.updated for the end of the pause')
    expect(update.created).toBe(resumesAt)
    expect((update.data.object as Stripe.Subscription).pause_collection).toBeNull()

    await kit.advanceClock(clock.id, secondRenewal + 3600)
    const next = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(next.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 3000 })
  })
})

describe('given collection paused with the other behaviors', () => {
  it('keeps the renewal invoice as a draft with keep_as_draft', async () => {
    const { stripe } = kit
    const { clock, subscription } = await monthlySubscriber()
    await stripe.subscriptions.update(subscription.id, { pause_collection: { behavior: 'keep_as_draft' } })
    await kit.advanceClock(clock.id, firstRenewal + 3600)
    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(after.latest_invoice).toMatchObject({ status: 'draft', auto_advance: false, amount_paid: 0 })
    expect(after.status).toBe('active')
  })

  it('marks the renewal invoice uncollectible with mark_uncollectible, and clearing the pause charges again', async () => {
    const { stripe } = kit
    const { clock, subscription } = await monthlySubscriber()
    await stripe.subscriptions.update(subscription.id, { pause_collection: { behavior: 'mark_uncollectible' } })
    await kit.advanceClock(clock.id, firstRenewal + 3600)
    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(after.latest_invoice).toMatchObject({ status: 'uncollectible', amount_remaining: 3000 })
    expect(kit.deliveredEvents('invoice.marked_uncollectible')).toHaveLength(1)

    const cleared = await stripe.subscriptions.update(subscription.id, { pause_collection: '' })
    expect(cleared.pause_collection).toBeNull()
    await kit.advanceClock(clock.id, secondRenewal + 3600)
    const charged = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(charged.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 3000 })
  })

  it('refuses a missing behavior and a resumes_at in the past', async () => {
    const { stripe } = kit
    const { subscription } = await monthlySubscriber()
    await expect(
      stripe.subscriptions.update(subscription.id, {
        pause_collection: { resumes_at: start + day } as Stripe.SubscriptionUpdateParams.PauseCollection,
      }),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'pause_collection[behavior]' })
    await expect(
      stripe.subscriptions.update(subscription.id, { pause_collection: { behavior: 'void', resumes_at: start - 1 } }),
    ).rejects.toMatchObject({ param: 'pause_collection[resumes_at]' })
  })
})

describe('given a trial that ends without a payment method and end_behavior pause', () => {
  it('pauses the subscription, and resume restarts billing with customer.subscription.resumed', async () => {
    const { stripe } = kit
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 3000,
      recurring: { interval: 'month' },
      product_data: { name: 'Team' },
    })
    const { clock, customer } = await customerOnTestClock(stripe, {
      frozenTime: start,
      email: 'trial-pause@example.com',
      paymentMethod: null,
    })
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    })
    await expect(stripe.subscriptions.resume(subscription.id)).rejects.toMatchObject({
      code: 'subscription_not_paused',
    })

    await kit.advanceClock(clock.id, start + 7 * day + 60)
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('paused')
    expect(kit.deliveredEvents('customer.subscription.paused')).toHaveLength(1)

    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } })
    const resumed = await stripe.subscriptions.resume(subscription.id, { billing_cycle_anchor: { type: 'now' } })
    expect(resumed.status).toBe('active')
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('customer.subscription.resumed')).toHaveLength(1)
    const latest = await stripe.invoices.retrieve(resumed.latest_invoice as string)
    expect(latest).toMatchObject({ status: 'paid', amount_paid: 3000 })
  })
})
