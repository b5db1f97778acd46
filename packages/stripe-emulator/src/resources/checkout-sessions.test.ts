import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { missingFixtureKeys } from '../testing/fixture-keys.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

async function plan() {
  const { stripe } = client
  const product = await stripe.products.create({ name: 'Team plan' })
  const monthly = await stripe.prices.create({
    product: product.id,
    currency: 'eur',
    unit_amount: 1500,
    recurring: { interval: 'month' },
  })
  const setupFee = await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 5000 })
  return { product, monthly, setupFee }
}

async function apiError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(Stripe.errors.StripeError)
  return error as Stripe.errors.StripeError
}

describe('checkout sessions', () => {
  it('creates an open subscription-mode session with a hosted URL on the emulator', async () => {
    const { stripe, running } = client
    const { monthly } = await plan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'buyer@example.com',
      client_reference_id: 'account_42',
      line_items: [{ price: monthly.id, quantity: 2 }],
      success_url: 'https://example.com/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://example.com/pricing',
      metadata: { plan: 'team' },
      subscription_data: { metadata: { source: 'checkout' }, trial_period_days: 14 },
      locale: 'de',
      allow_promotion_codes: true,
    })
    expect(session.id).toMatch(/^cs_test_/)
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'subscription',
      status: 'open',
      payment_status: 'unpaid',
      customer: null,
      customer_email: 'buyer@example.com',
      client_reference_id: 'account_42',
      success_url: 'https://example.com/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://example.com/pricing',
      metadata: { plan: 'team' },
      locale: 'de',
      allow_promotion_codes: true,
      currency: 'eur',
      subscription: null,
    })
    expect(session.url).toBe(`${running.url}/c/pay/${session.id}`)
    expect(session.expires_at - session.created).toBe(24 * 60 * 60)
  })

  it('totals the line items, or nothing due today with a trial', async () => {
    const { stripe } = client
    const { monthly } = await plan()
    const paid = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 3 }],
      success_url: 'https://example.com/success',
    })
    expect(paid).toMatchObject({ amount_subtotal: 4500, amount_total: 4500 })
    const trial = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 3 }],
      success_url: 'https://example.com/success',
      subscription_data: { trial_period_days: 7 },
    })
    expect(trial).toMatchObject({ amount_subtotal: 0, amount_total: 0 })
  })

  it('lists the line items, and includes them when expanded', async () => {
    const { stripe } = client
    const { monthly, product } = await plan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 2 }],
      success_url: 'https://example.com/success',
    })
    const items = await stripe.checkout.sessions.listLineItems(session.id)
    expect(items.data).toHaveLength(1)
    expect(items.data[0]).toMatchObject({
      object: 'item',
      description: product.name,
      quantity: 2,
      amount_total: 3000,
      currency: 'eur',
      price: { id: monthly.id },
    })
    const expanded = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] })
    expect(expanded.line_items?.data.map((i) => i.id)).toEqual(items.data.map((i) => i.id))
    const plain = await stripe.checkout.sessions.retrieve(session.id)
    expect(plain.line_items).toBeUndefined()
  })

  it('creates a session for an existing customer and lists it by customer and status', async () => {
    const { stripe } = client
    const { monthly } = await plan()
    const customer = await stripe.customers.create({ email: 'known@example.com' })
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: 'https://example.com/success',
    })
    expect(session.customer).toBe(customer.id)
    const byCustomer = await stripe.checkout.sessions.list({ customer: customer.id })
    expect(byCustomer.data.map((s) => s.id)).toEqual([session.id])
    const open = await stripe.checkout.sessions.list({ customer: customer.id, status: 'open' })
    expect(open.data).toHaveLength(1)
    const complete = await stripe.checkout.sessions.list({ customer: customer.id, status: 'complete' })
    expect(complete.data).toHaveLength(0)
  })

  it('expires an open session, emitting checkout.session.expired, and refuses to expire it twice', async () => {
    const { stripe } = client
    const { monthly } = await plan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: 'https://example.com/success',
    })
    const expired = await stripe.checkout.sessions.expire(session.id)
    expect(expired.status).toBe('expired')
    expect(expired.url).toBeNull()
    const events = await stripe.events.list({ type: 'checkout.session.expired', limit: 5 })
    expect(events.data.map((e) => (e.data.object as Stripe.Checkout.Session).id)).toContain(session.id)
    const again = await apiError(stripe.checkout.sessions.expire(session.id))
    expect(again).toMatchObject({ statusCode: 400 })
  })

  it('updates metadata', async () => {
    const { stripe } = client
    const { monthly } = await plan()
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: 'https://example.com/success',
      metadata: { a: '1' },
    })
    const updated = await stripe.checkout.sessions.update(session.id, { metadata: { b: '2' } })
    expect(updated.metadata).toEqual({ a: '1', b: '2' })
  })

  it('requires success_url', async () => {
    const { monthly } = await plan()
    const error = await apiError(
      client.stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: monthly.id, quantity: 1 }],
      }),
    )
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'success_url' })
  })

  it('requires line_items in subscription mode', async () => {
    const error = await apiError(
      client.stripe.checkout.sessions.create({ mode: 'subscription', success_url: 'https://example.com/success' }),
    )
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'line_items' })
  })

  it('refuses an unknown price', async () => {
    const error = await apiError(
      client.stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: 'price_missing', quantity: 1 }],
        success_url: 'https://example.com/success',
      }),
    )
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'line_items[0][price]' })
  })

  it('refuses payment mode with a recurring price', async () => {
    const { monthly } = await plan()
    const error = await apiError(
      client.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ price: monthly.id, quantity: 1 }],
        success_url: 'https://example.com/success',
      }),
    )
    expect(error).toMatchObject({ statusCode: 400, param: 'line_items[0][price]' })
    expect(error.message).toContain('recurring price')
  })

  it('refuses subscription mode without any recurring price', async () => {
    const { setupFee } = await plan()
    const error = await apiError(
      client.stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: setupFee.id, quantity: 1 }],
        success_url: 'https://example.com/success',
      }),
    )
    expect(error).toMatchObject({ statusCode: 400, param: 'line_items' })
  })

  it('refuses both customer and customer_email', async () => {
    const { stripe } = client
    const { monthly } = await plan()
    const customer = await stripe.customers.create({ email: 'both@example.com' })
    const error = await apiError(
      stripe.checkout.sessions.create({
        mode: 'subscription',
        customer: customer.id,
        customer_email: 'both@example.com',
        line_items: [{ price: monthly.id, quantity: 1 }],
        success_url: 'https://example.com/success',
      }),
    )
    expect(error).toMatchObject({ statusCode: 400, param: 'customer_email' })
  })

  it('refuses an unknown customer', async () => {
    const { monthly } = await plan()
    const error = await apiError(
      client.stripe.checkout.sessions.create({
        mode: 'subscription',
        customer: 'cus_missing',
        line_items: [{ price: monthly.id, quantity: 1 }],
        success_url: 'https://example.com/success',
      }),
    )
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'customer' })
  })

  it('answers 404 for an unknown session', async () => {
    const error = await apiError(client.stripe.checkout.sessions.retrieve('cs_test_missing'))
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })

  it('has every top-level key of Stripe’s fixture session', async () => {
    const { monthly } = await plan()
    const session = await client.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 1 }],
      success_url: 'https://example.com/success',
    })
    expect(missingFixtureKeys('checkout.session', session)).toEqual([])
  })
})
