import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { missingFixtureKeys } from '../testing/fixture-keys.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

describe('prices', () => {
  it('creates a recurring price with product_data, lookup_key and nickname', async () => {
    const { stripe } = client
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 2000,
      recurring: { interval: 'month', interval_count: 3 },
      product_data: { name: 'Quarterly' },
      lookup_key: 'quarterly',
      nickname: 'Quarterly plan',
      metadata: { plan: 'q' },
    })
    expect(price).toMatchObject({
      object: 'price',
      currency: 'usd',
      unit_amount: 2000,
      type: 'recurring',
      lookup_key: 'quarterly',
      nickname: 'Quarterly plan',
      recurring: { interval: 'month', interval_count: 3, usage_type: 'licensed' },
    })
    const product = await stripe.products.retrieve(price.product as string)
    expect(product.name).toBe('Quarterly')
  })

  it('lists prices by lookup_keys, product, type and recurring interval', async () => {
    const { stripe } = client
    const product = await stripe.products.create({ name: 'Listed' })
    const monthly = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
      lookup_key: 'listed_monthly',
    })
    const yearly = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 10000,
      recurring: { interval: 'year' },
      lookup_key: 'listed_yearly',
    })
    const once = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500 })
    const byKeys = await stripe.prices.list({ lookup_keys: ['listed_monthly', 'listed_yearly'] })
    expect(byKeys.data.map((p) => p.id).sort()).toEqual([monthly.id, yearly.id].sort())
    const oneTime = await stripe.prices.list({ product: product.id, type: 'one_time' })
    expect(oneTime.data.map((p) => p.id)).toEqual([once.id])
    const yearlyOnly = await stripe.prices.list({ product: product.id, recurring: { interval: 'year' } })
    expect(yearlyOnly.data.map((p) => p.id)).toEqual([yearly.id])
  })

  it('refuses a lookup key in use unless transfer_lookup_key moves it', async () => {
    const { stripe } = client
    const product = await stripe.products.create({ name: 'Keys' })
    const first = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 100,
      lookup_key: 'k1',
    })
    const clash = await stripe.prices
      .create({ product: product.id, currency: 'usd', unit_amount: 200, lookup_key: 'k1' })
      .catch((e: unknown) => e)
    expect(clash).toMatchObject({ statusCode: 400, param: 'lookup_key' })
    const second = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 200,
      lookup_key: 'k1',
      transfer_lookup_key: true,
    })
    expect(second.lookup_key).toBe('k1')
    expect((await stripe.prices.retrieve(first.id)).lookup_key).toBeNull()
  })

  it('updates active, nickname and metadata and lists inactive prices with active=false', async () => {
    const { stripe } = client
    const product = await stripe.products.create({ name: 'Archive' })
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100 })
    const updated = await stripe.prices.update(price.id, { active: false, nickname: 'old', metadata: { x: 'y' } })
    expect(updated).toMatchObject({ active: false, nickname: 'old', metadata: { x: 'y' } })
    const inactive = await stripe.prices.list({ product: product.id, active: false })
    expect(inactive.data.map((p) => p.id)).toEqual([price.id])
  })

  it('answers an unknown product with a 404 naming the product param', async () => {
    const error = await client.stripe.prices
      .create({ product: 'prod_missing', currency: 'usd', unit_amount: 100 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'product' })
  })

  it('rejects a bad recurring interval and a missing currency', async () => {
    const { stripe } = client
    const product = await stripe.products.create({ name: 'Bad' })
    const badInterval = await stripe.prices
      .create({
        product: product.id,
        currency: 'usd',
        unit_amount: 100,
        recurring: { interval: 'fortnight' as Stripe.PriceCreateParams.Recurring.Interval },
      })
      .catch((e: unknown) => e)
    expect(badInterval).toMatchObject({ statusCode: 400, param: 'recurring[interval]' })
    const noCurrency = await stripe.prices
      .create({ product: product.id, unit_amount: 100 } as Stripe.PriceCreateParams)
      .catch((e: unknown) => e)
    expect(noCurrency).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'currency' })
  })

  it('has every top-level key of Stripe’s fixture price', async () => {
    const price = await client.stripe.prices.create({
      currency: 'usd',
      unit_amount: 100,
      recurring: { interval: 'month' },
      product_data: { name: 'Shape' },
    })
    expect(missingFixtureKeys('price', price)).toEqual([])
  })
})
