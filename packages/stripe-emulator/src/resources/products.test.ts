import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { missingFixtureKeys } from '../testing/fixture-keys.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

describe('products', () => {
  it('creates a product and retrieves it', async () => {
    const { stripe } = client
    const created = await stripe.products.create({
      name: 'Pro',
      description: 'All features',
      metadata: { tier: 'pro' },
    })
    expect(created.id).toMatch(/^prod_/)
    const fetched = await stripe.products.retrieve(created.id)
    expect(fetched).toMatchObject({ name: 'Pro', description: 'All features', active: true, metadata: { tier: 'pro' } })
  })

  it('creates a default price with default_price_data', async () => {
    const { stripe } = client
    const product = await stripe.products.create({
      name: 'Team',
      default_price_data: { currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' } },
    })
    expect(product.default_price).toMatch(/^price_/)
    const price = await stripe.prices.retrieve(product.default_price as string)
    expect(price).toMatchObject({ product: product.id, unit_amount: 4900, type: 'recurring' })
  })

  it('updates name, metadata and archives with active=false, and lists by active', async () => {
    const { stripe } = client
    const product = await stripe.products.create({ name: 'Old name', metadata: { a: '1' } })
    const updated = await stripe.products.update(product.id, { name: 'New name', metadata: { a: '' }, active: false })
    expect(updated).toMatchObject({ name: 'New name', metadata: {}, active: false })
    const inactive = await stripe.products.list({ active: false, limit: 100 })
    expect(inactive.data.map((p) => p.id)).toContain(product.id)
    const active = await stripe.products.list({ active: true, limit: 100 })
    expect(active.data.map((p) => p.id)).not.toContain(product.id)
  })

  it('refuses a default_price of another product', async () => {
    const { stripe } = client
    const a = await stripe.products.create({ name: 'A' })
    const b = await stripe.products.create({ name: 'B' })
    const price = await stripe.prices.create({ product: b.id, currency: 'usd', unit_amount: 100 })
    const error = await stripe.products.update(a.id, { default_price: price.id }).catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, param: 'default_price' })
  })

  it('answers a missing name with parameter_missing and an unknown product with a 404', async () => {
    const { stripe } = client
    const missing = await stripe.products.create({} as Stripe.ProductCreateParams).catch((e: unknown) => e)
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'name' })
    const unknown = await stripe.products.retrieve('prod_missing').catch((e: unknown) => e)
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(unknown).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })

  it('deletes a product without prices and refuses one with prices', async () => {
    const { stripe } = client
    const lonely = await stripe.products.create({ name: 'Lonely' })
    expect(await stripe.products.del(lonely.id)).toMatchObject({ id: lonely.id, deleted: true })
    const priced = await stripe.products.create({ name: 'Priced' })
    await stripe.prices.create({ product: priced.id, currency: 'usd', unit_amount: 100 })
    const error = await stripe.products.del(priced.id).catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400 })
  })

  it('has every top-level key of Stripe’s fixture product', async () => {
    const product = await client.stripe.products.create({ name: 'Shape' })
    expect(missingFixtureKeys('product', product)).toEqual([])
  })
})
