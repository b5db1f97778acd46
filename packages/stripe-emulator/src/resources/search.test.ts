import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/index.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
beforeEach(() => kit.reset())
afterAll(() => kit.close())

const ids = (result: { data: { id: string }[] }) => result.data.map((o) => o.id)

describe('given customers, products, prices, subscriptions and invoices to search', () => {
  it('finds customers by exact and substring clauses, negation, metadata and OR', async () => {
    const ada = await kit.stripe.customers.create({ email: 'ada@example.com', name: 'Ada', metadata: { tier: 'gold' } })
    const bob = await kit.stripe.customers.create({ email: 'bob@example.org', name: 'Bob', metadata: { tier: 'free' } })
    const cy = await kit.stripe.customers.create({ email: 'cy@example.org', phone: '+15550100' })
    const search = async (query: string) => ids(await kit.stripe.customers.search({ query }))
    expect(await search(`email:'ADA@example.com'`)).toEqual([ada.id])
    expect(await search(`email~'example.org'`)).toEqual([cy.id, bob.id])
    expect(await search(`email~'example.org' AND -name:'Bob'`)).toEqual([cy.id])
    expect(await search(`metadata['tier']:'gold' OR phone:'+15550100'`)).toEqual([cy.id, ada.id])
    expect(await search(`metadata["tier"]:"free"`)).toEqual([bob.id])
    expect(await search(`name:null`)).toEqual([cy.id])
    expect(await search(`-name:null`)).toEqual([bob.id, ada.id])
  })

  it('compares created and total numerically', async () => {
    const customer = await kit.stripe.customers.create({ email: 'numbers@example.com' })
    const small = await kit.stripe.invoices.create({ customer: customer.id })
    await kit.stripe.invoiceItems.create({ customer: customer.id, invoice: small.id, amount: 500, currency: 'usd' })
    const large = await kit.stripe.invoices.create({ customer: customer.id })
    await kit.stripe.invoiceItems.create({ customer: customer.id, invoice: large.id, amount: 5000, currency: 'usd' })
    const search = async (query: string) => ids(await kit.stripe.invoices.search({ query }))
    expect(await search('total>1000')).toEqual([large.id])
    expect(await search('total<=500')).toEqual([small.id])
    expect(await search(`total>=500 AND customer:'${customer.id}'`)).toEqual([large.id, small.id])
    expect(await search(`created>${small.created - 1}`)).toEqual([large.id, small.id])
    expect(await search(`created<${small.created}`)).toEqual([])
  })

  it('searches invoices by status and subscription, and subscriptions by status', async () => {
    const { subscription } = await subscribedCustomer(kit.stripe, 'subs@example.com')
    const other = await kit.stripe.customers.create({ email: 'draft@example.com' })
    const draft = await kit.stripe.invoices.create({ customer: other.id })
    const invoices = async (query: string) => ids(await kit.stripe.invoices.search({ query }))
    expect(await invoices(`subscription:'${subscription.id}'`)).toEqual([subscription.latest_invoice])
    expect(await invoices(`status:'draft'`)).toEqual([draft.id])
    expect(ids(await kit.stripe.subscriptions.search({ query: `status:'active'` }))).toEqual([subscription.id])
    expect(ids(await kit.stripe.subscriptions.search({ query: `status:'canceled'` }))).toEqual([])
  })

  it('searches products and prices by their own fields', async () => {
    const pro = await kit.stripe.products.create({ name: 'Pro plan', description: 'For teams' })
    const old = await kit.stripe.products.create({ name: 'Legacy plan', active: false })
    const monthly = await kit.stripe.prices.create({
      product: pro.id,
      currency: 'usd',
      unit_amount: 2000,
      lookup_key: 'pro_monthly',
      recurring: { interval: 'month' },
    })
    const once = await kit.stripe.prices.create({ product: pro.id, currency: 'eur', unit_amount: 900 })
    expect(ids(await kit.stripe.products.search({ query: `active:'false'` }))).toEqual([old.id])
    expect(ids(await kit.stripe.products.search({ query: `name~'plan' AND description:'For teams'` }))).toEqual([
      pro.id,
    ])
    expect(ids(await kit.stripe.prices.search({ query: `lookup_key:'pro_monthly'` }))).toEqual([monthly.id])
    expect(ids(await kit.stripe.prices.search({ query: `type:'one_time' AND currency:'eur'` }))).toEqual([once.id])
    expect(ids(await kit.stripe.prices.search({ query: `product:'${pro.id}'` }))).toEqual([once.id, monthly.id])
  })

  it('pages with limit and next_page, and gives total_count only when expanded', async () => {
    for (const n of [1, 2, 3]) await kit.stripe.customers.create({ email: `page${n}@example.com` })
    const first = await kit.stripe.customers.search({ query: `email~'page'`, limit: 2 })
    expect(first).toMatchObject({ object: 'search_result', has_more: true, url: '/v1/customers/search' })
    expect(first.data).toHaveLength(2)
    expect(first).not.toHaveProperty('total_count')
    const second = await kit.stripe.customers.search({
      query: `email~'page'`,
      limit: 2,
      page: first.next_page as string,
    })
    expect(second).toMatchObject({ has_more: false, next_page: null })
    expect([...ids(first), ...ids(second)]).toHaveLength(3)
    const counted = await kit.stripe.customers.search({ query: `email~'page'`, limit: 1, expand: ['total_count'] })
    expect(counted.total_count).toBe(3)
    const all: string[] = []
    for await (const c of kit.stripe.customers.search({ query: `email~'page'`, limit: 1 })) all.push(c.id)
    expect(all).toHaveLength(3)
  })

  it.each([
    ['customers', `description:'x'`, /Field 'description' is an unsupported search field for resource customers/],
    ['subscriptions', `customer:'cus_1'`, /unsupported search field for resource subscriptions/],
    ['invoices', `number>5`, /not numeric/],
    ['customers', `email~'ab'`, /at least 3 characters/],
    ['customers', `email:'a' AND name:'b' OR phone:'c'`, /cannot mix AND and OR/],
    ['customers', `email='a'`, /not valid Stripe search syntax/],
  ] as const)('answers %s query %s with Stripe’s 400 on query', async (resource, query, message) => {
    const error = await kit.stripe[resource].search({ query }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(error).toMatchObject({ statusCode: 400, param: 'query' })
    expect((error as Error).message).toMatch(message)
  })
})
