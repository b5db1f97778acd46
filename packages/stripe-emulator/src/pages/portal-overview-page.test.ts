import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { textOf } from './portal-test-forms.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient({ settings: { businessName: 'Acme' } })
})
afterAll(() => client.close())

/** A $20 monthly subscriber whose renewal was declined: past_due with an open invoice. */
async function pastDueCustomer(email: string) {
  const { stripe } = client
  const price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 2000,
    recurring: { interval: 'month' },
    product_data: { name: 'Pro' },
  })
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) })
  const customer = await stripe.customers.create({ email, test_clock: clock.id })
  const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } })
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
  const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } })
  const periodEnd = subscription.items.data[0]?.current_period_end as number
  await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + 3600 })
  const pastDue = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
  expect(pastDue.status).toBe('past_due')
  return { customer, subscription: pastDue, invoice: pastDue.latest_invoice as Stripe.Invoice }
}

describe('given a past_due subscription', () => {
  it('leads with the failed payment: "Pay invoice" to the hosted invoice, then the card update, before the plan', async () => {
    const { customer, invoice } = await pastDueCustomer('overview-past-due@example.com')
    const session = await client.stripe.billingPortal.sessions.create({ customer: customer.id })
    const html = await (await fetch(session.url)).text()
    const attention = html.indexOf('id="attention-heading"')
    expect(attention).toBeGreaterThan(-1)
    expect(attention).toBeLessThan(html.indexOf('id="plan-heading"'))
    const lead = html.slice(attention, html.indexOf('</section>', attention))
    expect(textOf(lead)).toContain('Your payment failed')
    expect(textOf(lead)).toContain('We could not collect $20.00')
    expect(lead).toContain(`<a class="button primary" href="${invoice.hosted_invoice_url}">Pay invoice`)
    expect(lead.indexOf('Pay invoice')).toBeLessThan(lead.indexOf('Update payment method'))
    // The card action is not repeated further down.
    expect(html.match(/>Update payment method<\/button>/g)).toHaveLength(1)
    expect(textOf(html)).toContain('Past due')
  })

  it('says it in the session locale', async () => {
    const { customer } = await pastDueCustomer('overview-past-due-pl@example.com')
    const session = await client.stripe.billingPortal.sessions.create({ customer: customer.id, locale: 'pl' })
    const text = textOf(await (await fetch(session.url)).text())
    expect(text).toContain('Płatność nie powiodła się')
    expect(text).toContain('Opłać fakturę')
    expect(text).not.toContain('Pay invoice')
  })
})

describe('given an incomplete subscription', () => {
  it('leads with paying the first invoice', async () => {
    const { stripe } = client
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 2000,
      recurring: { interval: 'month' },
      product_data: { name: 'Pro' },
    })
    const customer = await stripe.customers.create({ email: 'overview-incomplete@example.com' })
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } })
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'allow_incomplete',
      expand: ['latest_invoice'],
    })
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id })
    const html = await (await fetch(session.url)).text()
    expect(textOf(html)).toContain('Finish setting up your subscription')
    expect(html).toContain(`href="${(subscription.latest_invoice as Stripe.Invoice).hosted_invoice_url}"`)
  })
})

describe('given a portal session with locale auto', () => {
  it('follows the browser’s Accept-Language, and English when it names no language the pages have', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'overview-auto@example.com' })
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, locale: 'auto' })
    const spanish = await (await fetch(session.url, { headers: { 'accept-language': 'es-ES,es;q=0.9' } })).text()
    expect(spanish).toContain('<html lang="es-ES">')
    expect(textOf(spanish)).toContain('No tienes ninguna suscripción activa.')
    const japanese = await (await fetch(session.url, { headers: { 'accept-language': 'ja' } })).text()
    expect(japanese).toContain('<html lang="en">')
    expect(textOf(japanese)).toContain('You have no active subscription.')
  })
})

describe('the hosted invoice page', () => {
  it('is in the browser’s language: German labels, dates and money', async () => {
    const { invoice } = await pastDueCustomer('invoice-de@example.com')
    const html = await (
      await fetch(invoice.hosted_invoice_url as string, { headers: { 'accept-language': 'de-DE' } })
    ).text()
    expect(html).toContain('<html lang="de-DE">')
    const text = textOf(html)
    expect(text).toContain(`Rechnung ${invoice.number}`)
    expect(text).toContain('Fällig')
    expect(text).toMatch(/20,00\s\$ bezahlen/)
    expect(html).toContain('<label for="card_number">Kartennummer</label>')
  })
})
