import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient, stripeFor } from '../testing/emulator-client.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

describe('customers', () => {
  it('creates a customer and retrieves it with its metadata', async () => {
    const { stripe } = client
    const created = await stripe.customers.create({
      email: 'ada@example.com',
      name: 'Ada',
      metadata: { accountId: 'acct_1' },
    })
    expect(created.id).toMatch(/^cus_/)
    const fetched = await stripe.customers.retrieve(created.id)
    expect(fetched).toMatchObject({ email: 'ada@example.com', name: 'Ada', metadata: { accountId: 'acct_1' } })
    expect('deleted' in fetched).toBe(false)
  })

  it('updates fields, removes a metadata key with an empty string and lists by email', async () => {
    const { stripe } = client
    const c = await stripe.customers.create({ email: 'grace@example.com', metadata: { a: '1', b: '2' } })
    const updated = await stripe.customers.update(c.id, { name: 'Grace', metadata: { a: '' } })
    expect(updated.name).toBe('Grace')
    expect(updated.metadata).toEqual({ b: '2' })
    const list = await stripe.customers.list({ email: 'grace@example.com' })
    expect(list.data.map((x) => x.id)).toEqual([c.id])
  })

  it('paginates with limit and starting_after, newest first', async () => {
    const { stripe } = client
    const email = `page-${Date.now()}@example.com`
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ email })).id)
    const first = await stripe.customers.list({ email, limit: 2 })
    expect(first.data.map((c) => c.id)).toEqual([ids[4], ids[3]])
    expect(first.has_more).toBe(true)
    const all: string[] = []
    for await (const c of stripe.customers.list({ email, limit: 2 })) all.push(c.id)
    expect(all).toEqual([...ids].reverse())
  })

  it('deletes a customer: retrieve answers deleted, list leaves it out', async () => {
    const { stripe } = client
    const c = await stripe.customers.create({ email: 'gone@example.com' })
    const deleted = await stripe.customers.del(c.id)
    expect(deleted).toMatchObject({ id: c.id, deleted: true })
    const after = await stripe.customers.retrieve(c.id)
    expect(after.deleted).toBe(true)
    expect((await stripe.customers.list({ email: 'gone@example.com' })).data).toEqual([])
  })

  it('answers an unknown customer with the SDK’s typed 404', async () => {
    const error = await client.stripe.customers.retrieve('cus_missing').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' })
  })

  it('rejects an unknown parameter with parameter_unknown', async () => {
    const error = await client.stripe.customers
      .create({ emial: 'typo@example.com' } as Stripe.CustomerCreateParams)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'emial' })
  })

  it('replays a request with the same Idempotency-Key and refuses the key with other params', async () => {
    const { stripe } = client
    const key = `idem-${Date.now()}`
    const a = await stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: key })
    const b = await stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: key })
    expect(b.id).toBe(a.id)
    expect((await stripe.customers.list({ email: 'once@example.com' })).data).toHaveLength(1)
    const error = await stripe.customers
      .create({ email: 'other@example.com' }, { idempotencyKey: key })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
  })

  it('refuses a request without a test secret key', async () => {
    const error = await stripeFor(client.running.url, 'pk_test_publishable')
      .customers.list()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError)
  })
})

describe('customer shape', () => {
  it('has every top-level key of Stripe’s fixture customer', async () => {
    const { missingFixtureKeys } = await import('../testing/fixture-keys.js')
    const c = await client.stripe.customers.create({ email: 'shape@example.com' })
    expect(missingFixtureKeys('customer', c)).toEqual([])
  })
})

describe('customer search', () => {
  it('finds customers by metadata and by email, and pages through results', async () => {
    const { stripe } = client
    const tag = `acct_${Date.now()}`
    const a = await stripe.customers.create({ email: `s1-${tag}@example.com`, metadata: { accountId: tag } })
    await stripe.customers.create({ email: `s2-${tag}@example.com`, metadata: { accountId: `${tag}-other` } })
    const byMetadata = await stripe.customers.search({ query: `metadata['accountId']:'${tag}'` })
    expect(byMetadata.data.map((c) => c.id)).toEqual([a.id])
    const byEmail = await stripe.customers.search({ query: `email:'s1-${tag}@example.com'` })
    expect(byEmail.data.map((c) => c.id)).toEqual([a.id])
    const both = await stripe.customers.search({ query: `email~'${tag}'`, limit: 1 })
    expect(both.has_more).toBe(true)
    const all: string[] = []
    for await (const c of stripe.customers.search({ query: `email~'${tag}'`, limit: 1 })) all.push(c.id)
    expect(all).toHaveLength(2)
  })

  it('answers invalid search syntax with Stripe’s 400', async () => {
    const error = await client.stripe.customers.search({ query: 'email=nope' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, param: 'query' })
  })
})
