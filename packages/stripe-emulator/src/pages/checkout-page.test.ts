import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { formWithButton, submitForm, textOf } from './portal-test-forms.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient({ settings: { businessName: 'Acme' } })
})
afterAll(() => client.close())

async function teamPlan() {
  const { stripe } = client
  const product = await stripe.products.create({ name: 'Team plan' })
  const price = await stripe.prices.create({
    product: product.id,
    currency: 'eur',
    unit_amount: 1500,
    recurring: { interval: 'month' },
  })
  return { product, price }
}

const card = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123' }

describe('hosted checkout page', () => {
  it('shows the plan, takes a card and lands on success_url with the session id filled in', async () => {
    const { stripe, running } = client
    const { price } = await teamPlan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'buyer@example.com',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/welcome?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://example.com/pricing',
      subscription_data: { metadata: { source: 'checkout' } },
    })
    const page = await fetch(session.url as string)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(textOf(html)).toContain('Subscribe to Team plan')
    expect(textOf(html)).toContain('€15.00 per month')
    expect(textOf(html)).toContain('buyer@example.com')
    expect(html).toMatch(/<label for="card_number">Card number<\/label>/)

    const response = await submitForm(running.url, formWithButton(html, 'Pay and subscribe'), card)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`https://example.com/welcome?session_id=${session.id}`)

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] })
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' })
    const subscription = done.subscription as Stripe.Subscription
    expect(subscription).toMatchObject({ status: 'active', metadata: { source: 'checkout' } })
    expect(subscription.items.data[0]?.price.id).toBe(price.id)
    const customer = (await stripe.customers.retrieve(done.customer as string)) as Stripe.Customer
    expect(customer.email).toBe('buyer@example.com')
    expect(done.customer_details?.email).toBe('buyer@example.com')
    const defaultCard = await stripe.paymentMethods.retrieve(customer.invoice_settings.default_payment_method as string)
    expect(defaultCard.card?.last4).toBe('4242')
    expect(defaultCard.customer).toBe(customer.id)
  })

  it('emits checkout.session.completed after the customer and subscription events', async () => {
    const { stripe, running } = client
    const { price } = await teamPlan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'events@example.com',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
    })
    const html = await (await fetch(session.url as string)).text()
    await submitForm(running.url, formWithButton(html, 'Pay and subscribe'), card)
    const done = await stripe.checkout.sessions.retrieve(session.id)
    const events = (await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 })).reverse()
    const types = events
      .filter((e) => {
        const object = e.data.object as { id?: string; customer?: string }
        return object.id === done.customer || object.customer === done.customer || object.id === session.id
      })
      .map((e) => e.type)
    expect(types[0]).toBe('customer.created')
    expect(types).toContain('customer.subscription.created')
    expect(types.at(-1)).toBe('checkout.session.completed')
    const completed = events
      .filter((e) => e.type === 'checkout.session.completed')
      .map((e) => e.data.object as Stripe.Checkout.Session)
      .find((s) => s.id === session.id)
    expect(completed?.subscription).toBe(done.subscription)
  })

  it('creates the subscription incomplete and activates it once the first invoice is paid, in one second', async () => {
    const { stripe, running } = client
    const { price } = await teamPlan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'order@example.com',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
    })
    const html = await (await fetch(session.url as string)).text()
    await submitForm(running.url, formWithButton(html, 'Pay and subscribe'), card)
    const done = await stripe.checkout.sessions.retrieve(session.id)
    const events = (await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 }))
      .reverse()
      .filter((e) => (e.data.object as { id?: string }).id === done.subscription)
    expect(events.map((e) => [e.type, (e.data.object as Stripe.Subscription).status])).toEqual([
      ['customer.subscription.created', 'incomplete'],
      ['customer.subscription.updated', 'active'],
    ])
    expect(events[1]?.data.previous_attributes).toMatchObject({ status: 'incomplete' })
    expect(new Set(events.map((e) => e.created)).size).toBe(1)
  })

  it('starts a trial from Checkout as trialing, with no activation event', async () => {
    const { stripe, running } = client
    const { price } = await teamPlan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'trial-order@example.com',
      line_items: [{ price: price.id, quantity: 1 }],
      subscription_data: { trial_period_days: 14 },
      success_url: 'https://example.com/welcome',
    })
    const html = await (await fetch(session.url as string)).text()
    await submitForm(running.url, formWithButton(html, 'Start trial'), card)
    const done = await stripe.checkout.sessions.retrieve(session.id)
    const events = (await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 }))
      .reverse()
      .filter((e) => (e.data.object as { id?: string }).id === done.subscription)
    expect(events.map((e) => [e.type, (e.data.object as Stripe.Subscription).status])).toEqual([
      ['customer.subscription.created', 'trialing'],
    ])
  })

  it('shows a declined card inline, keeps the session open and creates no customer', async () => {
    const { stripe, running } = client
    const { price } = await teamPlan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'declined@example.com',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
    })
    const html = await (await fetch(session.url as string)).text()
    const response = await submitForm(running.url, formWithButton(html, 'Pay and subscribe'), {
      ...card,
      card_number: '4000 0000 0000 0002',
    })
    expect(response.status).toBe(402)
    const again = await response.text()
    expect(again).toMatch(/<p role="alert" id="form-error" class="error">[^<]*declined/)
    expect(again).toMatch(/id="card_number"[^>]*aria-invalid="true"/)
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open')
    expect((await stripe.customers.list({ email: 'declined@example.com' })).data).toHaveLength(0)
  })

  it('asks for an email when the session has no customer, and refuses an invalid one', async () => {
    const { stripe, running } = client
    const { price } = await teamPlan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
    })
    const html = await (await fetch(session.url as string)).text()
    expect(html).toMatch(/<label for="email">Email<\/label>/)
    const form = formWithButton(html, 'Pay and subscribe')
    const invalid = await submitForm(running.url, form, { ...card, email: 'not-an-email' })
    expect(invalid.status).toBe(400)
    expect(await invalid.text()).toMatch(/id="email"[^>]*aria-invalid="true"/)
    const valid = await submitForm(running.url, form, { ...card, email: 'typed@example.com' })
    expect(valid.status).toBe(303)
    const done = await stripe.checkout.sessions.retrieve(session.id)
    expect(done.customer_details?.email).toBe('typed@example.com')
  })

  it('subscribes an existing customer without asking for an email', async () => {
    const { stripe, running } = client
    const { price } = await teamPlan()
    const customer = await stripe.customers.create({ email: 'existing@example.com' })
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
    })
    const html = await (await fetch(session.url as string)).text()
    expect(html).not.toContain('name="email"')
    await submitForm(running.url, formWithButton(html, 'Pay and subscribe'), card)
    const subscriptions = await stripe.subscriptions.list({ customer: customer.id })
    expect(subscriptions.data).toHaveLength(1)
    expect((await stripe.checkout.sessions.retrieve(session.id)).customer).toBe(customer.id)
  })

  it('starts a trial with nothing due today', async () => {
    const { stripe, running } = client
    const { price } = await teamPlan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'trial@example.com',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
      subscription_data: { trial_period_days: 14 },
    })
    const html = await (await fetch(session.url as string)).text()
    expect(textOf(html)).toContain('14 days free, then €15.00 per month.')
    await submitForm(running.url, formWithButton(html, 'Start trial'), card)
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] })
    expect(done.payment_status).toBe('no_payment_required')
    expect((done.subscription as Stripe.Subscription).status).toBe('trialing')
  })

  it('names what a trial turns into, for every item and in the session locale', async () => {
    const { stripe } = client
    const { price } = await teamPlan()
    const seats = await stripe.prices.create({
      product_data: { name: 'Seats' },
      currency: 'eur',
      unit_amount: 400,
      recurring: { interval: 'month' },
    })
    const trialEnd = Math.floor(Date.UTC(2099, 2, 1) / 1000)
    const sessionIn = async (
      locale: 'en' | 'de',
      subscriptionData: Stripe.Checkout.SessionCreateParams.SubscriptionData,
    ) => {
      const session = await stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [
          { price: price.id, quantity: 1 },
          { price: seats.id, quantity: 3 },
        ],
        success_url: 'https://example.com/welcome',
        locale,
        subscription_data: subscriptionData,
      })
      return textOf(await (await fetch(session.url as string)).text())
    }
    expect(await sessionIn('en', { trial_period_days: 14 })).toContain('14 days free, then €27.00 per month.')
    expect(await sessionIn('de', { trial_period_days: 14 })).toMatch(/14 Tage kostenlos, danach 27,00\s€ pro Monat\./)
    expect(await sessionIn('en', { trial_end: trialEnd })).toContain('Free until March 1, 2099, then €27.00 per month.')
  })

  it('links back to cancel_url', async () => {
    const { stripe } = client
    const { price } = await teamPlan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
      cancel_url: 'https://example.com/pricing',
    })
    const html = await (await fetch(session.url as string)).text()
    expect(html).toMatch(/<a class="back" href="https:\/\/example.com\/pricing">.*Cancel and return to Acme<\/a>/)
  })

  it('renders text, prices and labels in the session locale', async () => {
    const { stripe } = client
    const { price } = await teamPlan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
      locale: 'de',
    })
    const html = await (await fetch(session.url as string)).text()
    expect(html).toContain('<html lang="de">')
    expect(textOf(html)).toContain('15,00 € pro Monat')
    expect(textOf(html)).toContain('Bezahlen und abonnieren')
    expect(html).toContain('<label for="card_number">Kartennummer</label>')
    expect(textOf(html)).not.toContain('Pay and subscribe')
  })

  it('shows an expired session as no longer available', async () => {
    const { stripe, running } = client
    const { price } = await teamPlan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
    })
    await stripe.checkout.sessions.expire(session.id)
    const page = await fetch(`${running.url}/c/pay/${session.id}`)
    expect(page.status).toBe(410)
    expect(textOf(await page.text())).toContain('This checkout link has expired')
  })
})
