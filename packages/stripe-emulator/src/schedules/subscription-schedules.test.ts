import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { missingFixtureKeys, stripeFixture } from '../testing/fixture-keys.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

const day = 86_400
/** 2030-01-01T00:00:00Z. */
const start = 1_893_456_000

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())
beforeEach(() => kit.reset())

async function proAndBasic() {
  const { stripe } = kit
  const pro = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 5000,
    recurring: { interval: 'month' },
    product_data: { name: 'Pro' },
  })
  const basic = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 2000,
    recurring: { interval: 'month' },
    product_data: { name: 'Basic' },
  })
  return { pro, basic }
}

async function subscriberOnClock(price: string) {
  const { stripe } = kit
  const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: start, email: 'schedule@example.com' })
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price }] })
  return { clock, customer, subscription }
}

function periodEnd(subscription: Stripe.Subscription): number {
  return subscription.items.data[0]?.current_period_end as number
}

describe('given a subscription adopted by a schedule with a cheaper next phase', () => {
  it('switches the items at the period end, bills the renewal at the new price and releases the schedule', async () => {
    const { stripe } = kit
    const { pro, basic } = await proAndBasic()
    const { clock, subscription } = await subscriberOnClock(pro.id)
    const end = periodEnd(subscription)

    const adopted = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
    expect(adopted).toMatchObject({
      object: 'subscription_schedule',
      status: 'active',
      subscription: subscription.id,
      end_behavior: 'release',
      current_phase: { start_date: start, end_date: end },
      test_clock: clock.id,
    })
    expect(missingFixtureKeys('subscription_schedule', adopted)).toEqual([])
    const fixturePhase = (stripeFixture('subscription_schedule').phases as object[])[0] as object
    expect(Object.keys(fixturePhase).filter((key) => !(key in (adopted.phases[0] as object)))).toEqual([])
    expect(adopted.phases).toHaveLength(1)
    expect(adopted.phases[0]?.items[0]).toMatchObject({ price: pro.id, quantity: 1 })
    expect((await stripe.subscriptions.retrieve(subscription.id)).schedule).toBe(adopted.id)

    const updated = await stripe.subscriptionSchedules.update(adopted.id, {
      phases: [
        { items: [{ price: pro.id, quantity: 1 }], start_date: start, end_date: end },
        { items: [{ price: basic.id, quantity: 1 }], proration_behavior: 'none' },
      ],
    })
    // 2030-02-01 to 2030-03-01: one billing period of the new price.
    expect(end).toBe(start + 31 * day)
    expect(updated.phases.map((p) => [p.start_date, p.end_date])).toEqual([
      [start, end],
      [end, end + 28 * day],
    ])
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(pro.id)

    await kit.advanceClock(clock.id, end + 3600)
    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(after.items.data[0]?.price.id).toBe(basic.id)
    expect(after.items.data[0]?.id).toBe(subscription.items.data[0]?.id)
    expect(after.items.data[0]?.current_period_start).toBe(end)
    expect(after.latest_invoice).toMatchObject({ billing_reason: 'subscription_cycle', amount_paid: 2000 })
    const switched = kit
      .deliveredEvents('customer.subscription.updated')
      .find((e) => (e.data.previous_attributes as { items?: unknown })?.items !== undefined)
    if (!switched) throw new Error('no customer.subscription.updated with changed items')
    expect((switched.data.object as Stripe.Subscription).items.data[0]?.price.id).toBe(basic.id)
    expect(switched.created).toBe(end)

    const nextEnd = updated.phases[1]?.end_date as number
    await kit.advanceClock(clock.id, nextEnd + 3600)
    const released = await stripe.subscriptionSchedules.retrieve(adopted.id)
    expect(released).toMatchObject({
      status: 'released',
      released_at: nextEnd,
      released_subscription: subscription.id,
      subscription: null,
      current_phase: null,
    })
    const still = await stripe.subscriptions.retrieve(subscription.id)
    expect(still).toMatchObject({ status: 'active', schedule: null })
    expect(still.items.data[0]?.price.id).toBe(basic.id)
    expect(kit.deliveredEvents().map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'subscription_schedule.created',
        'subscription_schedule.updated',
        'subscription_schedule.released',
      ]),
    )
  })
})

describe('given a schedule created for a customer with phases', () => {
  it('starts the subscription now, moves to the next phase, then cancels it with end_behavior cancel', async () => {
    const { stripe } = kit
    const { pro, basic } = await proAndBasic()
    const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: start, email: 'phases@example.com' })

    const schedule = await stripe.subscriptionSchedules.create({
      customer: customer.id,
      start_date: 'now',
      end_behavior: 'cancel',
      phases: [
        { items: [{ price: basic.id }], duration: { interval: 'month', interval_count: 1 } },
        { items: [{ price: pro.id, quantity: 2 }], end_date: start + 90 * day },
      ],
    })
    expect(schedule).toMatchObject({
      status: 'active',
      current_phase: { start_date: start, end_date: start + 31 * day },
    })
    const subscription = await stripe.subscriptions.retrieve(schedule.subscription as string)
    expect(subscription).toMatchObject({ status: 'active', schedule: schedule.id })
    expect(subscription.items.data[0]?.price.id).toBe(basic.id)
    await kit.webhooksIdle()
    const created = kit.deliveredEvents('customer.subscription.created')[0]?.data.object as Stripe.Subscription
    expect(created.schedule).toBe(schedule.id)

    await kit.advanceClock(clock.id, start + 31 * day + 60)
    const upgraded = await stripe.subscriptions.retrieve(subscription.id)
    expect(upgraded.items.data[0]).toMatchObject({ quantity: 2, price: { id: pro.id } })
    expect((await stripe.subscriptionSchedules.retrieve(schedule.id)).current_phase).toEqual({
      start_date: start + 31 * day,
      end_date: start + 90 * day,
    })

    await kit.advanceClock(clock.id, start + 90 * day + 60)
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({
      status: 'completed',
      completed_at: start + 90 * day,
    })
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled')
    expect(kit.deliveredEvents('subscription_schedule.completed')).toHaveLength(1)
    expect(kit.deliveredEvents('customer.subscription.deleted')).toHaveLength(1)
  })

  it('waits for a future start_date before creating the subscription', async () => {
    const { stripe } = kit
    const { basic } = await proAndBasic()
    const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: start, email: 'later@example.com' })
    const schedule = await stripe.subscriptionSchedules.create({
      customer: customer.id,
      start_date: start + 10 * day,
      phases: [{ items: [{ price: basic.id }] }],
    })
    expect(schedule).toMatchObject({ status: 'not_started', subscription: null, current_phase: null })
    expect((await stripe.subscriptionSchedules.list({ customer: customer.id, scheduled: true })).data).toHaveLength(1)

    const renamed = await stripe.subscriptionSchedules.update(schedule.id, {
      metadata: { plan: 'basic' },
      phases: [{ items: [{ price: basic.id, quantity: 2 }] }],
    })
    expect(renamed).toMatchObject({ status: 'not_started', metadata: { plan: 'basic' } })
    expect(renamed.phases[0]).toMatchObject({ start_date: start + 10 * day, items: [{ quantity: 2 }] })

    await kit.advanceClock(clock.id, start + 10 * day + 60)
    const started = await stripe.subscriptionSchedules.retrieve(schedule.id)
    expect(started.status).toBe('active')
    const subscription = await stripe.subscriptions.retrieve(started.subscription as string)
    expect(subscription).toMatchObject({ start_date: start + 10 * day, schedule: schedule.id })
  })
})

describe('given a phase boundary in the middle of a billing period', () => {
  it('changes the items on that day with the phase proration_behavior, billed at the next renewal', async () => {
    const { stripe } = kit
    const { pro, basic } = await proAndBasic()
    const { clock, subscription } = await subscriberOnClock(basic.id)
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
    const middle = start + 10 * day
    await stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: basic.id }], start_date: start, end_date: middle },
        { items: [{ price: pro.id }], proration_behavior: 'create_prorations' },
      ],
    })
    await kit.advanceClock(clock.id, middle + 60)
    const upgraded = await stripe.subscriptions.retrieve(subscription.id)
    expect(upgraded.items.data[0]?.price.id).toBe(pro.id)
    expect(upgraded.items.data[0]?.current_period_end).toBe(start + 31 * day)

    // The renewal invoice is charged after the finalization grace period (1 hour).
    await kit.advanceClock(clock.id, start + 31 * day + 3600)
    const renewal = await stripe.invoices.retrieve(
      (await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string,
    )
    const prorations = renewal.lines.data.filter((line) => line.parent?.subscription_item_details?.proration)
    expect(prorations.map((line) => Math.sign(line.amount)).sort()).toEqual([-1, 1])
    expect(renewal.amount_paid).toBe(5000 + prorations.reduce((sum, line) => sum + line.amount, 0))
  })

  it('refuses to move the start of the running phase', async () => {
    const { stripe } = kit
    const { pro } = await proAndBasic()
    const { subscription } = await subscriberOnClock(pro.id)
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
    await expect(
      stripe.subscriptionSchedules.update(schedule.id, {
        phases: [{ items: [{ price: pro.id }], start_date: start + day }],
      }),
    ).rejects.toMatchObject({
      param: 'phases[0][start_date]',
      message: 'You can not modify the start date of the current phase.',
    })
  })
})

describe('releasing and canceling a schedule', () => {
  it('release leaves the subscription running without a schedule; a second release is refused', async () => {
    const { stripe } = kit
    const { pro } = await proAndBasic()
    const { subscription } = await subscriberOnClock(pro.id)
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
    const released = await stripe.subscriptionSchedules.release(schedule.id)
    expect(released).toMatchObject({ status: 'released', released_subscription: subscription.id, subscription: null })
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'active', schedule: null })
    const listed = await stripe.subscriptionSchedules.list({ released_at: { gte: start } })
    expect(listed.data.map((s) => s.id)).toEqual([schedule.id])
    expect((await stripe.subscriptionSchedules.list({ canceled_at: { gte: start } })).data).toEqual([])
    await expect(stripe.subscriptionSchedules.release(schedule.id)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      message: expect.stringContaining('`released` status'),
    })
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('subscription_schedule.released')).toHaveLength(1)
  })

  it('cancel cancels the subscription now and emits subscription_schedule.canceled', async () => {
    const { stripe } = kit
    const { pro } = await proAndBasic()
    const { subscription } = await subscriberOnClock(pro.id)
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
    const canceled = await stripe.subscriptionSchedules.cancel(schedule.id, { invoice_now: false, prorate: false })
    expect(canceled).toMatchObject({ status: 'canceled', canceled_at: start, current_phase: null })
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled')
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('subscription_schedule.canceled')).toHaveLength(1)
  })

  it('is canceled with its subscription when the subscription is canceled directly', async () => {
    const { stripe } = kit
    const { pro } = await proAndBasic()
    const { subscription } = await subscriberOnClock(pro.id)
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
    await stripe.subscriptions.cancel(subscription.id)
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({
      status: 'canceled',
      canceled_at: start,
    })
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('subscription_schedule.canceled')).toHaveLength(1)
  })

  it('refuses phases with from_subscription, a second schedule for one subscription, and unknown schedules', async () => {
    const { stripe } = kit
    const { pro } = await proAndBasic()
    const { subscription } = await subscriberOnClock(pro.id)
    await expect(
      stripe.subscriptionSchedules.create({
        from_subscription: subscription.id,
        phases: [{ items: [{ price: pro.id }] }],
      }),
    ).rejects.toMatchObject({ code: 'parameters_exclusive', param: 'phases' })
    await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
    await expect(stripe.subscriptionSchedules.create({ from_subscription: subscription.id })).rejects.toMatchObject({
      param: 'from_subscription',
      message: expect.stringContaining('already attached to a schedule'),
    })
    await expect(stripe.subscriptionSchedules.retrieve('sub_sched_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    })
  })
})
