import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { updateConfirmFlow } from './portal-test-flows.js'
import { formWithButton, submitForm, textOf } from './portal-test-forms.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient({ settings: { businessName: 'Acme' } })
})
afterAll(() => client.close())

const day = 24 * 60 * 60

/** A customer ten days into a $20 monthly plan (on a test clock), and a portal offering $50 monthly and $200 yearly. */
async function midPeriodCustomer(email: string, prorationBehavior: 'always_invoice' | 'create_prorations' | 'none') {
  const { stripe } = client
  const product = await stripe.products.create({ name: 'Pro' })
  const price = (unit_amount: number, interval: 'month' | 'year') =>
    stripe.prices.create({ product: product.id, currency: 'usd', unit_amount, recurring: { interval } })
  const monthly = await price(2000, 'month')
  const business = await price(5000, 'month')
  const yearly = await price(20000, 'year')
  const start = Math.floor(Date.now() / 1000)
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start })
  const customer = await stripe.customers.create({ email, test_clock: clock.id })
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } })
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] })
  await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 10 * day })
  const config = await stripe.billingPortal.configurations.create({
    features: {
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        proration_behavior: prorationBehavior,
        products: [{ product: product.id, prices: [monthly.id, business.id, yearly.id] }],
      },
    },
  })
  const session = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: config.id })
  return { clock, customer, subscription, session, config, monthly, business, yearly, start }
}

/** Chooses `price` on the switch-plan page and returns the confirmation page it answers with. */
async function review(session: Stripe.BillingPortal.Session, subscriptionId: string, price: string) {
  const page = await (await fetch(`${session.url}/subscriptions/${subscriptionId}/update`)).text()
  const response = await submitForm(client.running.url, formWithButton(page, 'Switch plan'), { price })
  expect(response.status).toBe(200)
  const html = await response.text()
  const amounts = [...html.matchAll(/<dd data-amount="(-?\d+)"[^>]*>/g)].map((m) => Number(m[1]))
  expect(amounts).toHaveLength(2)
  return { html, dueToday: amounts[0] as number, nextInvoice: amounts[1] as number }
}

describe('switching plans asks for confirmation with a proration preview', () => {
  it('changes nothing until "Confirm", then charges exactly the amount due today it showed (always_invoice)', async () => {
    const { stripe } = client
    const { session, subscription, business } = await midPeriodCustomer('preview-upgrade@example.com', 'always_invoice')
    const shown = await review(session, subscription.id, business.id)
    expect(textOf(shown.html)).toContain('Confirm your plan change')
    expect(textOf(shown.html)).toContain('Pro: $20.00 per month Pro: $50.00 per month')
    expect(textOf(shown.html)).toContain('Unused time on Pro: $20.00 per month')
    // Two thirds of the month are left: about $30 more than the $20 plan costs for that time.
    expect(shown.dueToday).toBeGreaterThan(1800)
    expect(shown.dueToday).toBeLessThan(2200)
    expect(shown.nextInvoice).toBe(5000)
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).not.toBe(business.id)

    const done = await submitForm(client.running.url, formWithButton(shown.html, 'Confirm'))
    expect(done.status).toBe(303)
    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(after.items.data[0]?.price.id).toBe(business.id)
    const charged = after.latest_invoice as Stripe.Invoice
    expect(charged.id).not.toBe(subscription.latest_invoice)
    expect(charged.amount_paid).toBe(shown.dueToday)
  })

  it('restarts the cycle for a new interval and charges the preview: the year minus unused time', async () => {
    const { stripe } = client
    const { session, subscription, yearly, start } = await midPeriodCustomer(
      'preview-yearly@example.com',
      'create_prorations',
    )
    const shown = await review(session, subscription.id, yearly.id)
    expect(shown.dueToday).toBeGreaterThan(20000 - 2000)
    expect(shown.dueToday).toBeLessThan(20000)
    const nextYear = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date((start + 10 * day) * 1000 + 365 * day * 1000),
    )
    expect(textOf(shown.html)).toContain(`Next invoice on ${nextYear} $200.00`)

    await submitForm(client.running.url, formWithButton(shown.html, 'Confirm'))
    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(after.items.data[0]?.price.id).toBe(yearly.id)
    expect((after.latest_invoice as Stripe.Invoice).amount_paid).toBe(shown.dueToday)
  })

  it('puts the difference on the next invoice it previewed (create_prorations)', async () => {
    const { stripe } = client
    const { session, subscription, business, clock } = await midPeriodCustomer(
      'preview-next@example.com',
      'create_prorations',
    )
    const shown = await review(session, subscription.id, business.id)
    expect(shown.dueToday).toBe(0)
    expect(shown.nextInvoice).toBeGreaterThan(5000)
    await submitForm(client.running.url, formWithButton(shown.html, 'Confirm'))
    expect((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice).toBe(subscription.latest_invoice)

    const periodEnd = subscription.items.data[0]?.current_period_end as number
    // The renewal invoice is finalized and charged after the finalization grace period (1 hour).
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + 3600 })
    const renewed = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect((renewed.latest_invoice as Stripe.Invoice).amount_paid).toBe(shown.nextInvoice)
  })

  it('previews a prepared subscription_update_confirm change and charges what it showed', async () => {
    const { stripe } = client
    const { subscription, business, customer, config } = await midPeriodCustomer(
      'preview-prepared@example.com',
      'always_invoice',
    )
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com/account',
      flow_data: updateConfirmFlow(subscription, business.id),
    })
    const html = await (await fetch(session.url)).text()
    const [dueToday] = [...html.matchAll(/<dd data-amount="(-?\d+)"[^>]*>/g)].map((m) => Number(m[1]))
    expect(dueToday).toBeGreaterThan(1800)
    await submitForm(client.running.url, formWithButton(html, 'Confirm'))
    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(after.items.data[0]?.price.id).toBe(business.id)
    expect((after.latest_invoice as Stripe.Invoice).amount_paid).toBe(dueToday)
  })

  it('shows the confirmation in the session locale', async () => {
    const { stripe } = client
    const { subscription, business, customer, config } = await midPeriodCustomer('preview-de@example.com', 'none')
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      locale: 'de',
    })
    const page = await (await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).text()
    const response = await submitForm(client.running.url, formWithButton(page, 'Tarif wechseln'), {
      price: business.id,
    })
    const text = textOf(await response.text())
    expect(text).toContain('Tarifwechsel bestätigen')
    expect(text).toMatch(/Heute fällig 0,00\s\$/)
    expect(text).toContain('Der neue Preis gilt ab Ihrem nächsten Abrechnungszeitraum.')
  })
})
