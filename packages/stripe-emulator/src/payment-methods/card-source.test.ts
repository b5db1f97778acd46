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

async function monthlyPrice() {
  return kit.stripe.prices.create({
    currency: 'usd',
    unit_amount: 1500,
    recurring: { interval: 'month' },
    product_data: { name: 'Tokens plan' },
  })
}

describe('given a customer created with a card token as source', () => {
  it('holds the card as its default source, and customer.source.created arrives', async () => {
    const customer = await kit.stripe.customers.create({ email: 'tok@example.com', source: 'tok_visa' })
    expect(customer.default_source).toMatch(/^card_/)
    const card = (await kit.stripe.customers.retrieveSource(
      customer.id,
      customer.default_source as string,
    )) as Stripe.Card
    expect(missingFixtureKeys('card', card)).toEqual([])
    expect(card).toMatchObject({
      object: 'card',
      brand: 'Visa',
      last4: '4242',
      customer: customer.id,
      funding: 'credit',
    })
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('customer.source.created').map((e) => (e.data.object as Stripe.Card).id)).toEqual([
      card.id,
    ])
  })

  it('pays a subscription with that card', async () => {
    const price = await monthlyPrice()
    const customer = await kit.stripe.customers.create({ email: 'pays@example.com', source: 'tok_mastercard' })
    const subscription = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    expect(subscription.status).toBe('active')
    const invoice = await kit.stripe.invoices.retrieve(subscription.latest_invoice as string)
    expect(invoice.status).toBe('paid')
  })

  it('pays a one-off invoice with a card source named as payment_method', async () => {
    const customer = await kit.stripe.customers.create({
      email: 'two-cards@example.com',
      source: 'tok_chargeCustomerFail',
    })
    const visa = (await kit.stripe.customers.createSource(customer.id, { source: 'tok_visa' })) as Stripe.Card
    const invoice = await kit.stripe.invoices.create({ customer: customer.id })
    await kit.stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 700, currency: 'usd' })
    await kit.stripe.invoices.finalizeInvoice(invoice.id)
    await expect(kit.stripe.invoices.pay(invoice.id)).rejects.toMatchObject({ code: 'card_declined' })
    expect(await kit.stripe.invoices.pay(invoice.id, { payment_method: visa.id })).toMatchObject({ status: 'paid' })
  })

  it('fails charges on tok_chargeCustomerFail like the matching test card', async () => {
    const price = await monthlyPrice()
    const customer = await kit.stripe.customers.create({ email: 'fails@example.com', source: 'tok_chargeCustomerFail' })
    const error = await kit.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'error_if_incomplete' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError)
    expect(error).toMatchObject({ code: 'card_declined' })
    const incomplete = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    expect(incomplete.status).toBe('incomplete')
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('invoice.payment_failed')).toHaveLength(1)
  })

  it('refuses tok_chargeDeclined with a card error and creates no customer', async () => {
    const error = await kit.stripe.customers
      .create({ email: 'declined@example.com', source: 'tok_chargeDeclined' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError)
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined' })
    expect((await kit.stripe.customers.list({ email: 'declined@example.com' })).data).toEqual([])
    const unknown = await kit.stripe.customers.create({ source: 'tok_nonsense' }).catch((e: unknown) => e)
    expect(unknown).toMatchObject({ statusCode: 404, param: 'source' })
  })

  it('replaces the default card on update with a source, deleting the old one', async () => {
    const customer = await kit.stripe.customers.create({ email: 'replace@example.com', source: 'tok_visa' })
    const updated = await kit.stripe.customers.update(customer.id, { source: 'tok_mastercard' })
    expect(updated.default_source).not.toBe(customer.default_source)
    const sources = await kit.stripe.customers.listSources(customer.id, { object: 'card' })
    expect(sources.data.map((s) => (s as Stripe.Card).brand)).toEqual(['MasterCard'])
    await kit.webhooksIdle()
    const [change] = kit.deliveredEvents('customer.updated')
    expect(change?.data.previous_attributes).toEqual({ default_source: customer.default_source })
    expect(kit.deliveredEvents('customer.source.deleted').map((e) => (e.data.object as Stripe.Card).id)).toEqual([
      customer.default_source,
    ])
  })
})

describe('given the customer sources endpoints', () => {
  it('adds cards, lists and retrieves them, and deleting the default moves it to the newest card', async () => {
    const customer = await kit.stripe.customers.create({ email: 'sources@example.com' })
    const first = (await kit.stripe.customers.createSource(customer.id, { source: 'tok_visa' })) as Stripe.Card
    const second = (await kit.stripe.customers.createSource(customer.id, { source: 'tok_amex' })) as Stripe.Card
    expect(second.brand).toBe('American Express')
    expect((await kit.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      default_source: first.id,
    })
    const listed = await kit.stripe.customers.listSources(customer.id)
    expect(listed).toMatchObject({ url: `/v1/customers/${customer.id}/sources` })
    expect(listed.data.map((s) => s.id)).toEqual([second.id, first.id])
    expect(await kit.stripe.customers.deleteSource(customer.id, first.id)).toEqual({
      id: first.id,
      object: 'card',
      deleted: true,
    })
    expect(((await kit.stripe.customers.retrieve(customer.id)) as Stripe.Customer).default_source).toBe(second.id)
    await expect(kit.stripe.customers.retrieveSource(customer.id, first.id)).rejects.toMatchObject({ statusCode: 404 })
    const other = await kit.stripe.customers.create({ email: 'other@example.com' })
    await expect(kit.stripe.customers.retrieveSource(other.id, second.id)).rejects.toMatchObject({ statusCode: 404 })
  })
})
