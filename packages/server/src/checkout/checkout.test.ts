import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness, subscribeAccount } from '../testing/billing-harness.js'

let h: BillingHarness
let priceId: string

beforeAll(async () => {
  h = await startBillingHarness()
  const product = await h.stripe.products.create({ name: 'Starter' })
  priceId = (
    await h.stripe.prices.create({
      product: product.id,
      unit_amount: 900,
      currency: 'usd',
      recurring: { interval: 'month' },
    })
  ).id
  const { createBilling } = await import('../create-billing.js')
  h.billing = createBilling({ ...h.billing.options, plans: { [priceId]: { name: 'Starter' } } })
})
afterAll(() => h.close())

describe('POST /checkout', () => {
  it('opens Checkout for a listed plan on the account’s customer, with the account as client_reference_id', async () => {
    h.account = { id: 'acct_buyer', email: 'buyer@example.com' }
    const res = await h.request('/checkout', { method: 'POST', json: { priceId } })
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
      success_url: 'https://app.example/settings/billing?billing_return=1',
      cancel_url: 'https://app.example/settings/billing',
    })
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
