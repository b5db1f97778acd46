import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { missingFixtureKeys } from '../testing/fixture-keys.js'
import { startTestEmulator, type TestEmulator } from '../testing/index.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
beforeEach(() => kit.reset())
afterAll(() => kit.close())

describe('given the legacy plans API', () => {
  it('creates a plan that is also a recurring price with the same id; plan.created and price.created arrive', async () => {
    const plan = await kit.stripe.plans.create({
      id: 'gold-monthly',
      amount: 2500,
      currency: 'usd',
      interval: 'month',
      product: { name: 'Gold' },
      nickname: 'Gold monthly',
      metadata: { legacy: 'yes' },
    })
    expect(plan).toMatchObject({
      id: 'gold-monthly',
      object: 'plan',
      amount: 2500,
      currency: 'usd',
      interval: 'month',
      interval_count: 1,
      nickname: 'Gold monthly',
      usage_type: 'licensed',
      metadata: { legacy: 'yes' },
    })
    expect(missingFixtureKeys('plan', plan)).toEqual([])
    const price = await kit.stripe.prices.retrieve('gold-monthly')
    expect(price).toMatchObject({ type: 'recurring', unit_amount: 2500, product: plan.product })
    expect((await kit.stripe.products.retrieve(plan.product as string)).name).toBe('Gold')
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('plan.created').map((e) => (e.data.object as Stripe.Plan).id)).toEqual(['gold-monthly'])
    expect(kit.deliveredEvents('price.created').map((e) => (e.data.object as Stripe.Price).id)).toEqual([
      'gold-monthly',
    ])
    const again = await kit.stripe.plans
      .create({ id: 'gold-monthly', amount: 1, currency: 'usd', interval: 'month', product: plan.product as string })
      .catch((e: unknown) => e)
    expect(again).toMatchObject({ statusCode: 400, code: 'resource_already_exists' })
  })

  it('subscribes to a plan as to a price', async () => {
    const product = await kit.stripe.products.create({ name: 'Silver' })
    const plan = await kit.stripe.plans.create({ amount: 900, currency: 'usd', interval: 'year', product: product.id })
    expect(plan.id).toMatch(/^price_/)
    const customer = await kit.stripe.customers.create({ email: 'plan@example.com', source: 'tok_visa' })
    const subscription = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.id }] })
    expect(subscription.items.data[0]?.plan).toMatchObject({ id: plan.id, amount: 900, interval: 'year' })
  })

  it('updates, lists and deletes plans, with plan.updated and plan.deleted', async () => {
    const product = await kit.stripe.products.create({ name: 'Bronze' })
    const monthly = await kit.stripe.plans.create({
      amount: 100,
      currency: 'usd',
      interval: 'month',
      product: product.id,
    })
    const yearly = await kit.stripe.plans.create({
      amount: 1000,
      currency: 'usd',
      interval: 'year',
      product: product.id,
    })
    await kit.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 50 })
    const updated = await kit.stripe.plans.update(monthly.id, { nickname: 'Cheap', active: false })
    expect(updated).toMatchObject({ nickname: 'Cheap', active: false })
    expect((await kit.stripe.plans.list({ product: product.id })).data.map((p) => p.id)).toEqual([
      yearly.id,
      monthly.id,
    ])
    expect((await kit.stripe.plans.list({ active: true })).data.map((p) => p.id)).toEqual([yearly.id])
    expect(await kit.stripe.plans.del(yearly.id)).toEqual({ id: yearly.id, object: 'plan', deleted: true })
    await expect(kit.stripe.plans.retrieve(yearly.id)).rejects.toMatchObject({ statusCode: 404 })
    await kit.webhooksIdle()
    const [change] = kit.deliveredEvents('plan.updated')
    expect(change?.data.previous_attributes).toEqual({ nickname: null, active: true })
    expect(kit.deliveredEvents('plan.deleted').map((e) => (e.data.object as Stripe.Plan).id)).toEqual([yearly.id])
  })

  it('answers a one-time price asked for as a plan with a 404', async () => {
    const price = await kit.stripe.prices.create({ currency: 'usd', unit_amount: 50, product_data: { name: 'Once' } })
    const error = await kit.stripe.plans.retrieve(price.id).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(error).toMatchObject({ statusCode: 404, message: `No such plan: '${price.id}'` })
  })
})
