import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness } from '../testing/billing-harness.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness({ syncIntervalSeconds: 30 })
})
afterAll(() => h.close())

describe('POST /sync after the customer returns from the portal', () => {
  it('pulls the change from Stripe before any webhook arrives and answers the fresh status', async () => {
    h.account = { id: 'acct_return', email: 'return@example.com' }
    const customer = await h.billing.api.ensureCustomer(h.account)
    const { subscription } = await subscribeAccountFor(customer.customerId)
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })

    const before = await (await h.request('/status')).json()
    expect(before.subscription).toBeNull()

    const res = await h.request('/sync', { method: 'POST' })
    expect(res.status).toBe(200)
    const status = await res.json()
    expect(status.subscription).toMatchObject({ id: subscription.id, cancelAtPeriodEnd: true })
    expect(status.notice.kind).toBe('canceling')
    expect(status.syncedAt).not.toBeNull()
    expect(status.version).not.toBe(before.version)
  })

  it('rate-limits a second sync of the same account with 429 and Retry-After', async () => {
    h.account = { id: 'acct_return', email: 'return@example.com' }
    const res = await h.request('/sync', { method: 'POST' })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(20)
    expect((await res.json()).error.code).toBe('rate_limited')
  })

  it('answers the empty status for an account without a customer', async () => {
    h.account = { id: 'acct_nobody' }
    const res = await h.request('/sync', { method: 'POST' })
    expect(res.status).toBe(200)
    expect((await res.json()).customer).toBeNull()
  })
})

describe('POST /sync on the way back from the portal or checkout', () => {
  it('is not rate-limited when a portal session was opened since the last sync, and answers the fresh status', async () => {
    h.account = { id: 'acct_portal_trip', email: 'trip@example.com' }
    const customer = await h.billing.api.ensureCustomer(h.account)
    const { subscription } = await subscribeAccountFor(customer.customerId)
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(200)

    expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })

    const back = await h.request('/sync', { method: 'POST' })
    expect(back.status).toBe(200)
    expect((await back.json()).subscription).toMatchObject({ id: subscription.id, cancelAtPeriodEnd: true })
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(429)
  })
})

describe('POST /sync?visited_at= on the way back, when a sync took the slot during the visit', () => {
  it('still pulls the change from Stripe, once', async () => {
    const { subscription, visitedAt } = await accountInPortal('acct_other_tab')
    // Another tab syncs while the customer is in the portal, before the change.
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(200)
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })

    const back = await h.request(`/sync?visited_at=${visitedAt}`, { method: 'POST' })
    expect(back.status).toBe(200)
    expect((await back.json()).subscription).toMatchObject({ id: subscription.id, cancelAtPeriodEnd: true })
    // The visit is used up: a plain sync is rate-limited again.
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(429)
  })
})

describe('POST /sync?visited_at= after the page already synced on the way back', () => {
  it('answers 200 with the stored status when the account was synced since that visit (the page did, as it rendered)', async () => {
    const { subscription, visitedAt } = await accountInPortal('acct_synced_on_render')
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    // The page read the account from Stripe as it rendered, which took the sync slot.
    const rendered = await h.billing.api.getStatus('acct_synced_on_render', { billingReturn: String(visitedAt) })
    expect(rendered.subscription?.cancelAtPeriodEnd).toBe(true)

    // BillingSyncNotice's quiet check: nothing to do, and no 429 for the browser's console.
    const quiet = await h.request(`/sync?visited_at=${visitedAt}`, { method: 'POST' })
    expect(quiet.status).toBe(200)
    expect(await quiet.json()).toMatchObject({ version: rendered.version })
  })

  it('still answers 429 for a visit the account was not synced since, or a visit time that is not one', async () => {
    h.account = { id: 'acct_synced_on_render', email: 'acct_synced_on_render@example.com' }
    for (const visitedAt of [String(Date.now() + 60_000), 'soon', '', '1e20']) {
      const res = await h.request(`/sync?visited_at=${visitedAt}`, { method: 'POST' })
      expect(res.status, visitedAt).toBe(429)
    }
  })
})

/** A subscribed account that has just opened the portal; the visit's time in epoch ms. */
async function accountInPortal(accountId: string) {
  h.account = { id: accountId, email: `${accountId}@example.com` }
  const customer = await h.billing.api.ensureCustomer(h.account)
  const { subscription } = await subscribeAccountFor(customer.customerId)
  const visitedAt = Date.now()
  expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
  return { subscription, visitedAt }
}

async function subscribeAccountFor(customerId: string) {
  const product = await h.stripe.products.create({ name: 'Pro' })
  const price = await h.stripe.prices.create({
    product: product.id,
    unit_amount: 2900,
    currency: 'usd',
    recurring: { interval: 'month' },
  })
  const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customerId })
  await h.stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } })
  return { subscription: await h.stripe.subscriptions.create({ customer: customerId, items: [{ price: price.id }] }) }
}
