import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { missingFixtureKeys } from '../testing/fixture-keys.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

/** Moved to `parent.subscription_details.subscription` in API 2025-03-31.basil; this version's types have no top-level field. */
const invoiceSubscriptionOmission = 'subscription'
const invoiceOmissions: readonly string[] = [invoiceSubscriptionOmission]

async function subscribe(card: string, paymentBehavior?: Stripe.SubscriptionCreateParams.PaymentBehavior) {
  const { stripe } = client
  const price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 1200,
    recurring: { interval: 'month' },
    product_data: { name: 'Invoice plan' },
  })
  const customer = await stripe.customers.create({ email: 'invoices@example.com', name: 'Ada' })
  const pm = await stripe.paymentMethods.attach(card, { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    payment_behavior: paymentBehavior,
  })
  const invoice = await stripe.invoices.retrieve(subscription.latest_invoice as string)
  return { customer, subscription, invoice, price }
}

describe('invoices', () => {
  it('carries a number, hosted URLs, the subscription parent and a line for the period', async () => {
    const { subscription, invoice, customer, price } = await subscribe('pm_card_visa')
    expect(invoice.number).toMatch(/^[A-Z0-9]+-0001$/)
    expect(invoice.hosted_invoice_url).toBe(`${client.running.url}/i/${invoice.id}`)
    expect(invoice.invoice_pdf).toBe(`${client.running.url}/i/${invoice.id}/pdf`)
    expect(invoice).toMatchObject({
      customer: customer.id,
      customer_email: 'invoices@example.com',
      customer_name: 'Ada',
      parent: { type: 'subscription_details', subscription_details: { subscription: subscription.id } },
      status_transitions: { finalized_at: invoice.created, paid_at: invoice.created },
    })
    const line = invoice.lines.data[0] as Stripe.InvoiceLineItem
    expect(line).toMatchObject({
      amount: 1200,
      description: '1 × Invoice plan (at $12.00 / month)',
      period: {
        start: subscription.items.data[0]?.current_period_start,
        end: subscription.items.data[0]?.current_period_end,
      },
      pricing: { price_details: { price: price.id } },
      parent: { subscription_item_details: { subscription_item: subscription.items.data[0]?.id, proration: false } },
    })
    const lines = await client.stripe.invoices.listLineItems(invoice.id)
    expect(lines.data.map((l) => l.id)).toEqual([line.id])
  })

  it('lists by customer, subscription and status', async () => {
    const { stripe } = client
    const paid = await subscribe('pm_card_visa')
    const failed = await subscribe('pm_card_chargeCustomerFail')
    expect((await stripe.invoices.list({ customer: paid.customer.id })).data.map((i) => i.id)).toEqual([
      paid.invoice.id,
    ])
    expect((await stripe.invoices.list({ subscription: failed.subscription.id })).data.map((i) => i.id)).toEqual([
      failed.invoice.id,
    ])
    const open = await stripe.invoices.list({ status: 'open', limit: 100 })
    expect(open.data.map((i) => i.id)).toContain(failed.invoice.id)
    expect(open.data.map((i) => i.id)).not.toContain(paid.invoice.id)
  })

  it('pays an open invoice with a given payment method token and activates the incomplete subscription', async () => {
    const { stripe } = client
    const { invoice, subscription } = await subscribe('pm_card_chargeCustomerFail')
    expect(subscription.status).toBe('incomplete')
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' })
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 1200, amount_remaining: 0, attempt_count: 2 })
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active')
  })

  it('answers a declined charge with a 402 card_error and counts the attempt', async () => {
    const { stripe } = client
    const { invoice } = await subscribe('pm_card_chargeCustomerFail')
    const error = await stripe.invoices.pay(invoice.id).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError)
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined' })
    expect((await stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(2)
  })

  it('refuses to pay an invoice that is already paid, and a payment method of another customer', async () => {
    const { stripe } = client
    const { invoice } = await subscribe('pm_card_visa')
    const again = await stripe.invoices.pay(invoice.id).catch((e: unknown) => e)
    expect(again).toMatchObject({ statusCode: 400 })
    const open = await subscribe('pm_card_chargeCustomerFail')
    const foreign = await stripe.paymentMethods.attach('pm_card_visa', {
      customer: (await stripe.customers.create({ email: 'x@example.com' })).id,
    })
    const error = await stripe.invoices.pay(open.invoice.id, { payment_method: foreign.id }).catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400 })
  })

  it('voids an open invoice', async () => {
    const { stripe } = client
    const { invoice } = await subscribe('pm_card_chargeCustomerFail')
    const voided = await stripe.invoices.voidInvoice(invoice.id)
    expect(voided.status).toBe('void')
    expect(voided.status_transitions.voided_at).not.toBeNull()
  })

  it('emits invoice.payment_action_required for a card that needs authentication', async () => {
    const { invoice, customer } = await subscribe('pm_card_authenticationRequired')
    expect(invoice.status).toBe('open')
    const types = client.running.emulator.state
      .list<{ id: string; object: string; type: string; data: { object: { customer?: string } } }>('event')
      .filter((e) => e.data.object.customer === customer.id)
      .map((e) => e.type)
    expect(types).toContain('invoice.payment_action_required')
  })

  it('answers an unknown invoice with a 404', async () => {
    const error = await client.stripe.invoices.retrieve('in_missing').catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })

  it('has every top-level key of Stripe’s fixture invoice except the moved subscription field', async () => {
    const { invoice } = await subscribe('pm_card_visa')
    expect(missingFixtureKeys('invoice', invoice, invoiceOmissions)).toEqual([])
    expect(invoice).not.toHaveProperty('subscription')
    expect(missingFixtureKeys('line_item', invoice.lines.data[0] as object)).toEqual([])
  })
})
