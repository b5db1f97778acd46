import type Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'
import { longDate } from './portal-test-dates.js'
import { formWithButton, submitForm, textOf } from './portal-test-forms.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient({ settings: { businessName: 'Acme' } })
})
afterAll(() => client.close())
afterEach(() => {
  vi.useRealTimers()
})

async function subscriber(email: string) {
  const { stripe } = client
  const { product, monthly, yearly, customer, subscription } = await subscribedCustomer(stripe, email)
  const business = await stripe.products.create({ name: 'Business' })
  const businessMonthly = await stripe.prices.create({
    product: business.id,
    currency: 'usd',
    unit_amount: 5000,
    recurring: { interval: 'month' },
  })
  return { product, monthly, yearly, business, businessMonthly, customer, subscription }
}

async function openPortal(params: Stripe.BillingPortal.SessionCreateParams) {
  const session = await client.stripe.billingPortal.sessions.create(params)
  const response = await fetch(session.url)
  return { session, response, html: await response.text() }
}

describe('portal overview', () => {
  it('shows the plan, its renewal date, the default card, invoices and a way back', async () => {
    const { stripe } = client
    const { customer, subscription } = await subscriber('overview@example.com')
    const { response, html } = await openPortal({ customer: customer.id, return_url: 'https://example.com/account' })
    expect(response.status).toBe(200)
    const text = textOf(html)
    expect(text).toContain('Pro')
    expect(text).toContain('$20.00 per month')
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    expect(text).toContain(`Renews on ${longDate(periodEnd)}`)
    expect(text).toContain('Visa •••• 4242')
    expect(html).toMatch(/<a class="back" href="https:\/\/example.com\/account">.*Return to Acme<\/a>/)
    const invoices = await stripe.invoices.list({ customer: customer.id })
    const first = invoices.data[0]
    expect(first).toBeDefined()
    if (first?.hosted_invoice_url) expect(html).toContain(`href="${first.hosted_invoice_url}"`)
    expect(text).toContain('Invoice history')
    expect(html).toMatch(/<button type="submit">Cancel subscription<\/button>/)
    expect(html).toMatch(/<button type="submit">Update payment method<\/button>/)
    expect(html).not.toContain('Switch plan')
  })

  it('renders text, dates and money in the session locale', async () => {
    const { customer, subscription } = await subscriber('overview-fr@example.com')
    const { html } = await openPortal({ customer: customer.id, return_url: 'https://example.com', locale: 'fr' })
    expect(html).toContain('<html lang="fr">')
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    expect(textOf(html)).toContain(longDate(periodEnd, 'fr'))
    expect(textOf(html)).toMatch(/20,00\s\$US par mois/)
    expect(textOf(html)).toContain(`Se renouvelle le ${longDate(periodEnd, 'fr')}`)
    expect(html).toMatch(/<button type="submit">Résilier l’abonnement<\/button>/)
    expect(textOf(html)).not.toContain('Renews on')
  })

  it('answers 404 for an unknown session', async () => {
    const response = await fetch(`${client.running.url}/p/session/bps_missing`)
    expect(response.status).toBe(404)
  })

  it('refuses a link that was not opened within five minutes, with a way back', async () => {
    const { customer } = await subscriber('expired@example.com')
    const session = await client.stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://example.com/account',
    })
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 6 * 60 * 1000)
    const response = await fetch(session.url)
    expect(response.status).toBe(410)
    const html = await response.text()
    expect(textOf(html)).toContain('This link has expired')
    expect(html).toContain('href="https://example.com/account"')
  })

  it('keeps a link usable for the browsing session once it was opened in time', async () => {
    const { customer } = await subscriber('visited@example.com')
    const session = await client.stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://example.com/account',
    })
    expect((await fetch(session.url)).status).toBe(200)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 30 * 60 * 1000)
    expect((await fetch(session.url)).status).toBe(200)
    vi.setSystemTime(Date.now() + 61 * 60 * 1000)
    expect((await fetch(session.url)).status).toBe(410)
  })
})

describe('updating the card in the portal', () => {
  it('makes the new card the default, also for the subscription', async () => {
    const { stripe, running } = client
    const { customer, subscription } = await subscriber('card@example.com')
    await stripe.subscriptions.update(subscription.id, {
      default_payment_method: ((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings
        .default_payment_method as string,
    })
    const { session, html } = await openPortal({ customer: customer.id, return_url: 'https://example.com' })
    const pageResponse = await submitForm(running.url, formWithButton(html, 'Update payment method'))
    const page = await pageResponse.text()
    expect(page).toMatch(/<h1>Update payment method<\/h1>/)
    const done = await submitForm(running.url, formWithButton(page, 'Update payment method'), {
      card_number: '5555 5555 5555 4444',
      card_expiry: '10/40',
      card_cvc: '321',
    })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe(`/p/session/${session.id}?done=payment_method`)
    const updated = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer
    const pm = await stripe.paymentMethods.retrieve(updated.invoice_settings.default_payment_method as string)
    expect(pm.card).toMatchObject({ last4: '4444', exp_month: 10, exp_year: 2040 })
    expect((await stripe.subscriptions.retrieve(subscription.id)).default_payment_method).toBe(pm.id)
    const overview = await (await fetch(new URL(done.headers.get('location') as string, running.url))).text()
    expect(overview).toMatch(/<p role="status" class="notice">Your payment method was updated.<\/p>/)
    expect(textOf(overview)).toContain('Mastercard •••• 4444')
  })

  it('shows a declined card inline and keeps the old default', async () => {
    const { stripe, running } = client
    const { customer } = await subscriber('card-declined@example.com')
    const before = ((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings
      .default_payment_method
    const { session } = await openPortal({ customer: customer.id, return_url: 'https://example.com' })
    const page = await (await fetch(`${session.url}/payment-method`)).text()
    const response = await submitForm(running.url, formWithButton(page, 'Update payment method'), {
      card_number: '4000000000000002',
      card_expiry: '10/40',
      card_cvc: '321',
    })
    expect(response.status).toBe(402)
    expect(await response.text()).toMatch(/<p role="alert" id="form-error" class="error">[^<]*declined/)
    const after = ((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings
      .default_payment_method
    expect(after).toBe(before)
  })

  it('pays the open invoice of a past-due subscription with the new card', async () => {
    const { stripe, running } = client
    const product = await stripe.products.create({ name: 'Pro' })
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 2000,
      recurring: { interval: 'month' },
    })
    const customer = await stripe.customers.create({ email: 'card-retry@example.com' })
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } })
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'allow_incomplete',
    })
    expect(subscription.status).toBe('incomplete')
    const { session } = await openPortal({ customer: customer.id, return_url: 'https://example.com' })
    const page = await (await fetch(`${session.url}/payment-method`)).text()
    await submitForm(running.url, formWithButton(page, 'Update payment method'), {
      card_number: '4242424242424242',
      card_expiry: '10/40',
      card_cvc: '321',
    })
    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(after.status).toBe('active')
    expect((after.latest_invoice as Stripe.Invoice).status).toBe('paid')
  })
})

describe('switching plans in the portal', () => {
  it('lists the configured prices with the current one marked and switches without proration when configured so', async () => {
    const { stripe, running } = client
    const { customer, subscription, product, monthly, yearly, business, businessMonthly } =
      await subscriber('switch@example.com')
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          proration_behavior: 'none',
          products: [
            { product: product.id, prices: [monthly.id, yearly.id] },
            { product: business.id, prices: [businessMonthly.id] },
          ],
        },
      },
    })
    const { session, html } = await openPortal({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com',
    })
    const page = await (await submitForm(running.url, formWithButton(html, 'Switch plan'))).text()
    expect(page).toMatch(new RegExp(`value="${monthly.id}" checked`))
    expect(textOf(page)).toContain('$20.00 per month Current plan')
    expect(textOf(page)).toContain('$200.00 per year')
    expect(textOf(page)).toContain('Business $50.00 per month')
    const review = await submitForm(running.url, formWithButton(page, 'Switch plan'), { price: businessMonthly.id })
    expect(review.status).toBe(200)
    const reviewPage = await review.text()
    expect(textOf(reviewPage)).toContain('Amount due today $0.00')
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(monthly.id)
    const done = await submitForm(running.url, formWithButton(reviewPage, 'Confirm'))
    expect(done.headers.get('location')).toBe(`/p/session/${session.id}?done=plan`)
    const after = await stripe.subscriptions.retrieve(subscription.id)
    expect(after.items.data[0]?.price.id).toBe(businessMonthly.id)
    expect(after.latest_invoice, 'no proration invoice within the period').toBe(subscription.latest_invoice)
  })

  it('invoices the change right away when the configuration says always_invoice', async () => {
    const { stripe, running } = client
    const { customer, subscription, product, monthly, business, businessMonthly } =
      await subscriber('switch-invoice@example.com')
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          proration_behavior: 'always_invoice',
          products: [
            { product: product.id, prices: [monthly.id] },
            { product: business.id, prices: [businessMonthly.id] },
          ],
        },
      },
    })
    const { session } = await openPortal({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com',
    })
    const page = await (await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).text()
    const review = await submitForm(running.url, formWithButton(page, 'Switch plan'), { price: businessMonthly.id })
    await submitForm(running.url, formWithButton(await review.text(), 'Confirm'))
    const after = await stripe.subscriptions.retrieve(subscription.id)
    expect(after.items.data[0]?.price.id).toBe(businessMonthly.id)
    expect(after.latest_invoice).not.toBe(subscription.latest_invoice)
  })

  it('says so when the current plan is chosen again', async () => {
    const { stripe, running } = client
    const { customer, subscription, product, monthly, yearly } = await subscriber('switch-same@example.com')
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          products: [{ product: product.id, prices: [monthly.id, yearly.id] }],
        },
      },
    })
    const { session } = await openPortal({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com',
    })
    const page = await (await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).text()
    const response = await submitForm(running.url, formWithButton(page, 'Switch plan'), { price: monthly.id })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('You are already on this plan.')
  })

  it('is not offered when the configuration has plan switching off', async () => {
    const { customer, subscription } = await subscriber('switch-off@example.com')
    const { session, html } = await openPortal({ customer: customer.id, return_url: 'https://example.com' })
    expect(html).not.toContain('Switch plan')
    const response = await fetch(`${session.url}/subscriptions/${subscription.id}/update`)
    expect(response.status).toBe(403)
    expect(await response.text()).toMatch(/role="alert"/)
  })
})

describe('canceling in the portal', () => {
  it('cancels at period end with a reason, then shows the cancellation date', async () => {
    const { stripe, running } = client
    const { customer, subscription } = await subscriber('cancel@example.com')
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_cancel: {
          enabled: true,
          mode: 'at_period_end',
          cancellation_reason: { enabled: true, options: ['too_expensive', 'unused'] },
        },
      },
    })
    const { session, html } = await openPortal({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com',
    })
    const cancelPage = await (await submitForm(running.url, formWithButton(html, 'Cancel subscription'))).text()
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    expect(textOf(cancelPage)).toContain(`until the end of your billing period on ${longDate(periodEnd)}`)
    expect(cancelPage).toMatch(/<label for="reason">Why are you canceling\?/)
    expect(
      (await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end,
      'showing the page changes nothing',
    ).toBe(false)
    const done = await submitForm(running.url, formWithButton(cancelPage, 'Confirm cancellation'), {
      reason: 'too_expensive',
    })
    expect(done.headers.get('location')).toBe(`/p/session/${session.id}?done=cancel_scheduled`)
    const after = await stripe.subscriptions.retrieve(subscription.id)
    expect(after).toMatchObject({ status: 'active', cancel_at_period_end: true })
    expect(after.cancellation_details?.feedback).toBe('too_expensive')
    const overview = await (await fetch(session.url)).text()
    expect(textOf(overview)).toContain(`Cancels on ${longDate(periodEnd)}`)
    expect(overview).toMatch(/<button type="submit" class="primary">Renew subscription<\/button>/)
    expect(overview).not.toContain('>Cancel subscription<')
  })

  it('renews a subscription set to cancel at period end', async () => {
    const { stripe, running } = client
    const { customer, subscription } = await subscriber('renew@example.com')
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    const { session, html } = await openPortal({ customer: customer.id, return_url: 'https://example.com' })
    const done = await submitForm(running.url, formWithButton(html, 'Renew subscription'))
    expect(done.headers.get('location')).toBe(`/p/session/${session.id}?done=renewed`)
    const after = await stripe.subscriptions.retrieve(subscription.id)
    expect(after).toMatchObject({ cancel_at_period_end: false, cancel_at: null })
  })

  it('renews a subscription set to cancel at a date (cancel_at)', async () => {
    const { stripe, running } = client
    const { customer, subscription } = await subscriber('renew-cancel-at@example.com')
    const cancelAt = (subscription.items.data[0]?.current_period_end as number) - 24 * 60 * 60
    await stripe.subscriptions.update(subscription.id, { cancel_at: cancelAt })
    const { html } = await openPortal({ customer: customer.id, return_url: 'https://example.com' })
    expect(textOf(html)).toContain(`Cancels on ${longDate(cancelAt)}`)
    await submitForm(running.url, formWithButton(html, 'Renew subscription'))
    const after = await stripe.subscriptions.retrieve(subscription.id)
    expect(after).toMatchObject({ cancel_at_period_end: false, cancel_at: null })
  })

  it('cancels immediately when the configuration says so', async () => {
    const { stripe, running } = client
    const { customer, subscription } = await subscriber('cancel-now@example.com')
    const config = await stripe.billingPortal.configurations.create({
      features: { subscription_cancel: { enabled: true, mode: 'immediately' } },
    })
    const { session, html } = await openPortal({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com',
    })
    const cancelPage = await (await submitForm(running.url, formWithButton(html, 'Cancel subscription'))).text()
    expect(textOf(cancelPage)).toContain('canceled immediately')
    expect(cancelPage).not.toContain('name="reason"')
    const done = await submitForm(running.url, formWithButton(cancelPage, 'Confirm cancellation'))
    expect(done.headers.get('location')).toBe(`/p/session/${session.id}?done=canceled`)
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled')
    const overview = textOf(await (await fetch(new URL(done.headers.get('location') as string, running.url))).text())
    expect(overview).toContain('Your subscription was canceled.')
    expect(overview).toContain('You have no active subscription.')
  })

  it('refuses to act on a subscription of another customer', async () => {
    const { stripe } = client
    const { customer } = await subscriber('cancel-own@example.com')
    const other = await subscriber('cancel-other@example.com')
    const { session } = await openPortal({ customer: customer.id, return_url: 'https://example.com' })
    const response = await fetch(`${session.url}/subscriptions/${other.subscription.id}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    expect(response.status).toBe(404)
    expect((await stripe.subscriptions.retrieve(other.subscription.id)).cancel_at_period_end).toBe(false)
  })
})
