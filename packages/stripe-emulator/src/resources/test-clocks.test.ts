import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { missingFixtureKeys } from '../testing/fixture-keys.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

const day = 86_400
const start = 1_893_456_000

describe('test clocks', () => {
  it('creates, retrieves and lists a clock', async () => {
    const { stripe } = client
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start, name: 'Billing test' })
    expect(clock).toMatchObject({
      object: 'test_helpers.test_clock',
      frozen_time: start,
      name: 'Billing test',
      status: 'ready',
    })
    expect((await stripe.testHelpers.testClocks.retrieve(clock.id)).id).toBe(clock.id)
    const list = await stripe.testHelpers.testClocks.list({ limit: 100 })
    expect(list.data.map((c) => c.id)).toContain(clock.id)
  })

  it('advances synchronously: the answer is already ready at the new time', async () => {
    const { stripe } = client
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start })
    const advanced = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + day })
    expect(advanced).toMatchObject({ status: 'ready', frozen_time: start + day })
  })

  it('gives customers on a clock the clock’s time', async () => {
    const { stripe } = client
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start })
    const customer = await stripe.customers.create({ email: 'clock@example.com', test_clock: clock.id })
    expect(customer.created).toBe(start)
  })

  it('refuses to go back in time, or beyond two intervals of the shortest subscription', async () => {
    const { stripe } = client
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start })
    const back = await stripe.testHelpers.testClocks
      .advance(clock.id, { frozen_time: start - 1 })
      .catch((e: unknown) => e)
    expect(back).toMatchObject({ statusCode: 400, param: 'frozen_time' })
    const customer = await stripe.customers.create({ email: 'weekly@example.com', test_clock: clock.id })
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 100,
      recurring: { interval: 'week' },
      product_data: { name: 'Weekly' },
    })
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 30 })
    const far = await stripe.testHelpers.testClocks
      .advance(clock.id, { frozen_time: start + 15 * day })
      .catch((e: unknown) => e)
    expect(far).toMatchObject({ statusCode: 400, param: 'frozen_time' })
    const near = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 14 * day })
    expect(near.frozen_time).toBe(start + 14 * day)
  })

  it('deletes a clock together with its customers and their subscriptions', async () => {
    const { stripe } = client
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start })
    const customer = await stripe.customers.create({ email: 'doomed@example.com', test_clock: clock.id })
    const deleted = await stripe.testHelpers.testClocks.del(clock.id)
    expect(deleted).toMatchObject({ id: clock.id, deleted: true })
    expect((await stripe.customers.retrieve(customer.id)).deleted).toBe(true)
    const gone = await stripe.testHelpers.testClocks.retrieve(clock.id).catch((e: unknown) => e)
    expect(gone).toMatchObject({ statusCode: 404 })
  })

  it('answers a missing frozen_time with parameter_missing', async () => {
    const error = await client.stripe.testHelpers.testClocks
      .create({} as { frozen_time: number })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'frozen_time' })
  })

  it('has every top-level key of Stripe’s fixture test clock', async () => {
    const clock = await client.stripe.testHelpers.testClocks.create({ frozen_time: start })
    expect(missingFixtureKeys('test_helpers.test_clock', clock)).toEqual([])
  })
})
