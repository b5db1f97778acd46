import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BillingHarness,
  createMonthlyPrice,
  startBillingHarness,
  subscribeAccount,
} from '../testing/billing-harness.js'

let h: BillingHarness
let priceId: string

beforeAll(async () => {
  h = await startBillingHarness()
  priceId = (await createMonthlyPrice(h.stripe, 'Starter', 900)).id
  const { createBilling } = await import('../create-billing.js')
  h.billing = createBilling({ ...h.billing.options, plans: { [priceId]: { name: 'Starter' } } })
})
afterAll(() => h.close())

describe('POST /checkout', () => {
  it('opens Checkout for a listed plan on the account’s customer, with the account as client_reference_id', async () => {
    h.account = { id: 'acct_buyer', email: 'buyer@example.com' }
    const before = Date.now()
    const res = await h.request('/checkout', { method: 'POST', json: { priceId } })
    const after = Date.now()
    expect(res.status).toBe(200)
    const { url } = (await res.json()) as { url: string }
    const sessionId = /\/(cs_test_\w+|cs_\w+)/.exec(url)?.[1] as string
    const session = await h.stripe.checkout.sessions.retrieve(sessionId)
    const customers = await h.stripe.customers.search({ query: "metadata['accountId']:'acct_buyer'" })
    expect(customers.data).toHaveLength(1)
    expect(session).toMatchObject({
      mode: 'subscription',
      customer: customers.data[0]?.id,
      client_reference_id: 'acct_buyer',
      cancel_url: 'https://app.example/settings/billing',
    })
    // The return marker is the visit's time in epoch ms, so the page can tell a newer status from an older one.
    const successUrl = new URL(session.success_url as string)
    expect(successUrl.origin + successUrl.pathname).toBe('https://app.example/settings/billing')
    const visitedAt = Number(successUrl.searchParams.get('billing_return'))
    expect(visitedAt).toBeGreaterThanOrEqual(before)
    expect(visitedAt).toBeLessThanOrEqual(after)
  })

  it('lets the sync on the way back from Checkout through, even right after another sync', async () => {
    h.account = { id: 'acct_checkout_trip', email: 'trip@example.com' }
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(200)
    await h.billing.api.ensureCustomer(h.account)
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(200)
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(429)
    expect((await h.request('/checkout', { method: 'POST', json: { priceId } })).status).toBe(200)
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(200)
  })

  it('refuses a price that is not one of the plans', async () => {
    h.account = { id: 'acct_buyer', email: 'buyer@example.com' }
    const res = await h.request('/checkout', { method: 'POST', json: { priceId: 'price_not_on_offer' } })
    expect(res.status).toBe(400)
    expect((await h.request('/checkout', { method: 'POST', json: {} })).status).toBe(400)
  })

  it('answers 409 already_subscribed instead of a second subscription', async () => {
    await subscribeAccount(h.stripe, 'acct_subscribed')
    h.account = { id: 'acct_subscribed', email: 'acct_subscribed@example.com' }
    const res = await h.request('/checkout', { method: 'POST', json: { priceId } })
    expect(res.status).toBe(409)
    expect((await res.json()).error.code).toBe('already_subscribed')
    const customers = await h.stripe.customers.search({ query: "metadata['accountId']:'acct_subscribed'" })
    expect(customers.data).toHaveLength(1)
  })

  it('refuses a cross-site POST', async () => {
    h.account = { id: 'acct_buyer' }
    const res = await h.request('/checkout', {
      method: 'POST',
      json: { priceId },
      headers: { 'sec-fetch-site': 'same-site' },
    })
    expect(res.status).toBe(403)
  })
})

describe('POST /checkout with a plans list', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'refuses %s, a key every object inherits, as a price not on offer',
    async (priceId) => {
      h.account = { id: 'acct_proto', email: 'proto@example.com' }
      const res = await h.request('/checkout', { method: 'POST', json: { priceId } })
      expect(res.status).toBe(400)
      expect((await res.json()).error.message).toBe('That price is not one of the plans on offer.')
    },
  )
})

describe('POST /checkout without a plans list', () => {
  it('sells any active recurring price of the Stripe account', async () => {
    const { createBilling } = await import('../create-billing.js')
    const billing = createBilling({ ...h.billing.options, plans: undefined })
    const product = await h.stripe.products.create({ name: 'Any plan' })
    const price = await h.stripe.prices.create({
      product: product.id,
      unit_amount: 1500,
      currency: 'usd',
      recurring: { interval: 'month' },
    })
    h.account = { id: 'acct_any_plan', email: 'any@example.com' }
    const res = await billing.handler(
      new Request('https://app.example/api/billing/checkout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ priceId: price.id }),
      }),
    )
    expect(res.status).toBe(200)
    const sessionId = /\/(cs_\w+)/.exec(((await res.json()) as { url: string }).url)?.[1] as string
    const session = await h.stripe.checkout.sessions.retrieve(sessionId, { expand: ['line_items'] })
    expect(session.line_items?.data[0]?.price?.id).toBe(price.id)
  })

  it('refuses a one-time, an archived or an unknown price with 400', async () => {
    const { createBilling } = await import('../create-billing.js')
    const billing = createBilling({ ...h.billing.options, plans: undefined })
    const product = await h.stripe.products.create({ name: 'Not a plan' })
    const oneTime = await h.stripe.prices.create({ product: product.id, unit_amount: 500, currency: 'usd' })
    const archived = await h.stripe.prices.create({
      product: product.id,
      unit_amount: 700,
      currency: 'usd',
      recurring: { interval: 'month' },
    })
    await h.stripe.prices.update(archived.id, { active: false })
    h.account = { id: 'acct_not_a_plan', email: 'not-a-plan@example.com' }
    for (const priceId of [oneTime.id, archived.id, 'price_does_not_exist']) {
      const res = await billing.handler(
        new Request('https://app.example/api/billing/checkout', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ priceId }),
        }),
      )
      expect(res.status, priceId).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
    }
  })
})

describe('a plain HTML form posted to /checkout', () => {
  it('answers 303 to the Checkout page', async () => {
    h.account = { id: 'acct_form_buyer', email: 'form-buyer@example.com' }
    const res = await h.request('/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ priceId, returnPath: '/pricing' }).toString(),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')?.startsWith(`${h.emulator.url}/`)).toBe(true)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
  })

  it('takes multipart/form-data too', async () => {
    h.account = { id: 'acct_form_buyer', email: 'form-buyer@example.com' }
    const form = new FormData()
    form.set('priceId', priceId)
    const res = await h.request('/checkout', { method: 'POST', body: form })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')?.startsWith(`${h.emulator.url}/`)).toBe(true)
  })

  it('answers 303 back to the return path with billing_error when it fails', async () => {
    h.account = { id: 'acct_form_buyer', email: 'form-buyer@example.com' }
    const res = await h.request('/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ priceId: 'price_not_on_offer', returnPath: '/pricing' }).toString(),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('https://app.example/pricing?billing_error=invalid_request')
  })

  it('goes back to the configured return URL when signed out and no return path is given', async () => {
    h.account = null
    const res = await h.request('/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ priceId }).toString(),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('https://app.example/settings/billing?billing_error=unauthenticated')
  })

  it('still refuses a cross-site form post', async () => {
    h.account = { id: 'acct_form_buyer', email: 'form-buyer@example.com' }
    const res = await h.request('/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ priceId }).toString(),
    })
    expect(res.status).toBe(403)
  })
})
