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

async function customerWithVisa(email: string) {
  const customer = await kit.stripe.customers.create({ email })
  const card = await kit.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
  await kit.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } })
  return customer
}

describe('given a customer with no invoice yet', () => {
  it('creates a pending invoice item from an amount, and a signed invoiceitem.created arrives', async () => {
    const customer = await customerWithVisa('items@example.com')
    const item = await kit.stripe.invoiceItems.create({
      customer: customer.id,
      amount: 1500,
      currency: 'usd',
      description: 'Setup fee',
      metadata: { order: '42' },
    })
    expect(item).toMatchObject({
      object: 'invoiceitem',
      amount: 1500,
      currency: 'usd',
      customer: customer.id,
      description: 'Setup fee',
      invoice: null,
      metadata: { order: '42' },
      parent: null,
      proration: false,
      quantity: 1,
      pricing: { type: 'price_details', unit_amount_decimal: null },
    })
    expect(item.id).toMatch(/^ii_/)
    expect(missingFixtureKeys('invoiceitem', item)).toEqual([])
    await kit.webhooksIdle()
    const created = kit.deliveredEvents('invoiceitem.created')
    expect(created.map((e) => (e.data.object as Stripe.InvoiceItem).id)).toEqual([item.id])
  })

  it('bills a one-time price times the quantity and refuses a recurring price', async () => {
    const customer = await customerWithVisa('price-items@example.com')
    const oneTime = await kit.stripe.prices.create({
      currency: 'eur',
      unit_amount: 700,
      product_data: { name: 'Seat pack' },
    })
    const item = await kit.stripe.invoiceItems.create({
      customer: customer.id,
      pricing: { price: oneTime.id },
      quantity: 3,
    })
    expect(item).toMatchObject({
      amount: 2100,
      currency: 'eur',
      quantity: 3,
      pricing: { price_details: { price: oneTime.id, product: oneTime.product } },
    })
    expect(String(item.pricing?.unit_amount_decimal)).toBe('700')
    const recurring = await kit.stripe.prices.create({
      currency: 'eur',
      unit_amount: 700,
      recurring: { interval: 'month' },
      product_data: { name: 'Monthly' },
    })
    const error = await kit.stripe.invoiceItems
      .create({ customer: customer.id, pricing: { price: recurring.id } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect((error as Stripe.errors.StripeError).param).toBe('pricing[price]')
  })

  it('asks for a currency with an amount, and for an amount or price at all', async () => {
    const customer = await customerWithVisa('missing@example.com')
    const noCurrency = await kit.stripe.invoiceItems
      .create({ customer: customer.id, amount: 100 })
      .catch((e: unknown) => e as Stripe.errors.StripeError)
    expect(noCurrency).toMatchObject({ code: 'parameter_missing', param: 'currency' })
    const nothing = await kit.stripe.invoiceItems
      .create({ customer: customer.id, currency: 'usd' })
      .catch((e: unknown) => e as Stripe.errors.StripeError)
    expect(nothing).toMatchObject({ code: 'parameter_missing', param: 'amount' })
  })

  it('updates the quantity of a price item (recomputing its amount) with previous_attributes', async () => {
    const customer = await customerWithVisa('update-items@example.com')
    const price = await kit.stripe.prices.create({
      currency: 'usd',
      unit_amount: 250,
      product_data: { name: 'Credits' },
    })
    const item = await kit.stripe.invoiceItems.create({ customer: customer.id, pricing: { price: price.id } })
    const updated = await kit.stripe.invoiceItems.update(item.id, { quantity: 4, description: 'Four credits' })
    expect(updated).toMatchObject({ amount: 1000, quantity: 4, description: 'Four credits' })
    expect(await kit.stripe.invoiceItems.retrieve(item.id)).toMatchObject({ amount: 1000, quantity: 4 })
    await kit.webhooksIdle()
    const [event] = kit.deliveredEvents('invoiceitem.updated')
    expect(event?.data.previous_attributes).toMatchObject({ amount: 250, quantity: 1, description: null })
  })

  it('lists by customer, by invoice and by pending', async () => {
    const a = await customerWithVisa('list-a@example.com')
    const b = await customerWithVisa('list-b@example.com')
    const pendingA = await kit.stripe.invoiceItems.create({ customer: a.id, amount: 100, currency: 'usd' })
    const draft = await kit.stripe.invoices.create({ customer: a.id })
    const onDraft = await kit.stripe.invoiceItems.create({
      customer: a.id,
      amount: 200,
      currency: 'usd',
      invoice: draft.id,
    })
    const pendingB = await kit.stripe.invoiceItems.create({ customer: b.id, amount: 300, currency: 'usd' })
    const ids = async (params: Stripe.InvoiceItemListParams) =>
      (await kit.stripe.invoiceItems.list(params)).data.map((i) => i.id)
    expect(await ids({ customer: a.id })).toEqual([onDraft.id, pendingA.id])
    expect(await ids({ invoice: draft.id })).toEqual([onDraft.id])
    expect(await ids({ pending: true })).toEqual([pendingB.id, pendingA.id])
    expect(await ids({ pending: false })).toEqual([onDraft.id])
  })

  it('deletes a pending item: gone afterwards, and invoiceitem.deleted arrives', async () => {
    const customer = await customerWithVisa('delete-items@example.com')
    const item = await kit.stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' })
    expect(await kit.stripe.invoiceItems.del(item.id)).toEqual({ id: item.id, object: 'invoiceitem', deleted: true })
    await expect(kit.stripe.invoiceItems.retrieve(item.id)).rejects.toMatchObject({ statusCode: 404 })
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('invoiceitem.deleted').map((e) => (e.data.object as Stripe.InvoiceItem).id)).toEqual([
      item.id,
    ])
  })
})

describe('given an invoice item on a draft invoice', () => {
  it('adds, changes and removes the draft’s line and totals with the item', async () => {
    const customer = await customerWithVisa('draft-lines@example.com')
    const draft = await kit.stripe.invoices.create({ customer: customer.id })
    expect(draft).toMatchObject({ status: 'draft', total: 0, amount_due: 0, lines: { data: [] } })
    const first = await kit.stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      amount: 1200,
      currency: 'usd',
      description: 'Consulting',
    })
    const second = await kit.stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      unit_amount_decimal: Stripe.Decimal.from('300'),
      quantity: 2,
      currency: 'usd',
    })
    let invoice = await kit.stripe.invoices.retrieve(draft.id)
    expect(invoice).toMatchObject({ subtotal: 1800, total: 1800, amount_due: 1800, amount_remaining: 1800 })
    expect(invoice.lines.data.map((l) => [l.amount, l.parent?.invoice_item_details?.invoice_item])).toEqual([
      [1200, first.id],
      [600, second.id],
    ])
    await kit.stripe.invoiceItems.update(first.id, { amount: 1000 })
    await kit.stripe.invoiceItems.del(second.id)
    invoice = await kit.stripe.invoices.retrieve(draft.id)
    expect(invoice).toMatchObject({ total: 1000, amount_due: 1000 })
    expect(invoice.lines.data.map((l) => l.description)).toEqual(['Consulting'])
    await kit.webhooksIdle()
    const totals = kit.deliveredEvents('invoice.updated').map((e) => (e.data.object as Stripe.Invoice).total)
    expect(totals).toEqual([1200, 1800, 1600, 1000])
  })

  it('refuses to update or delete the item once the invoice is finalized, and to add one to it', async () => {
    const customer = await customerWithVisa('locked-items@example.com')
    const draft = await kit.stripe.invoices.create({ customer: customer.id })
    const item = await kit.stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      amount: 500,
      currency: 'usd',
    })
    await kit.stripe.invoices.finalizeInvoice(draft.id)
    for (const attempt of [
      () => kit.stripe.invoiceItems.del(item.id),
      () => kit.stripe.invoiceItems.update(item.id, { amount: 1 }),
      () => kit.stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 1, currency: 'usd' }),
    ]) {
      const error = await attempt().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
      expect(error).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' })
    }
    expect(await kit.stripe.invoiceItems.retrieve(item.id)).toMatchObject({ amount: 500, invoice: draft.id })
  })
})

describe('given an invoice item for a subscription', () => {
  it('waits for the subscription’s next invoice and is billed on it', async () => {
    const clock = await kit.stripe.testHelpers.testClocks.create({ frozen_time: 1_767_225_600 })
    const customer = await kit.stripe.customers.create({ email: 'sub-items@example.com', test_clock: clock.id })
    const card = await kit.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    await kit.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } })
    const price = await kit.stripe.prices.create({
      currency: 'usd',
      unit_amount: 2000,
      recurring: { interval: 'month' },
      product_data: { name: 'Pro' },
    })
    const subscription = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    const item = await kit.stripe.invoiceItems.create({
      customer: customer.id,
      subscription: subscription.id,
      amount: 500,
      currency: 'usd',
      description: 'Overage',
    })
    expect(item.parent).toEqual({
      type: 'subscription_details',
      subscription_details: { subscription: subscription.id },
    })
    await kit.advanceClock(clock.id, new Date('2026-02-02T00:00:00Z'))
    const [renewal] = (await kit.stripe.invoices.list({ subscription: subscription.id, limit: 1 })).data
    expect(renewal?.billing_reason).toBe('subscription_cycle')
    expect(renewal?.total).toBe(2500)
    expect(renewal?.lines.data.map((l) => l.description)).toContain('Overage')
    expect((await kit.stripe.invoiceItems.retrieve(item.id)).invoice).toBe(renewal?.id)
  })
})
