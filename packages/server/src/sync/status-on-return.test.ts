import { stripeClientFor } from '@portal-kit/stripe-emulator/testing'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness, subscribeAccount } from '../testing/billing-harness.js'

type HttpClient = ReturnType<typeof Stripe.createNodeHttpClient>

/** The Stripe calls `billing` makes: counted, and held while `hold` is set (a slow Stripe) or failed while `fail` is. */
const calls = { count: 0, hold: null as Promise<void> | null, fail: false }
const warnings: string[] = []

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness({
    syncIntervalSeconds: 30,
    // Made on first use, once the emulator's address is known.
    stripe: () => {
      const inner = Stripe.createNodeHttpClient()
      const httpClient = Object.create(inner) as HttpClient
      httpClient.makeRequest = async (...args) => {
        calls.count++
        if (calls.hold) await calls.hold
        if (calls.fail) throw new Error('connect ECONNREFUSED (injected)')
        return inner.makeRequest(...args)
      }
      return stripeClientFor(h.emulator.url, { httpClient })
    },
    logger: { warn: (message) => warnings.push(message), error: (message) => warnings.push(message) },
  })
})
afterAll(() => h.close())

/** An account whose customer and subscription exist in Stripe and in the store, then canceled in the portal. */
async function accountBackFromPortal(accountId: string) {
  h.account = { id: accountId, email: `${accountId}@example.com` }
  const { customer, subscription } = await subscribeAccount(h.stripe, accountId)
  // Found in Stripe by its metadata and linked, as the first portal visit would.
  expect((await h.billing.api.ensureCustomer(h.account)).customerId).toBe(customer.id)
  expect((await h.request('/sync', { method: 'POST' })).status).toBe(200)
  // The visit: opening the portal frees the sync slot; the customer cancels there; no webhook has landed.
  const visitedAt = Date.now() + 1
  await new Promise((resolve) => setTimeout(resolve, 5))
  expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
  await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
  return { subscription, visitedAt: String(visitedAt) }
}

/** A subscribed account, its customer linked, that has just opened the portal; the visit's time in epoch ms. */
async function accountInPortal(accountId: string) {
  h.account = { id: accountId, email: `${accountId}@example.com` }
  const { customer, subscription } = await subscribeAccount(h.stripe, accountId)
  expect((await h.billing.api.ensureCustomer(h.account)).customerId).toBe(customer.id)
  const visitedAt = Date.now()
  await new Promise((resolve) => setTimeout(resolve, 5))
  expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
  return { customer, subscription, visitedAt }
}

describe('billing.api.getStatus with the billing_return marker, on the page the portal returns to', () => {
  it('reads the account from Stripe first, so the page is right before any webhook, without JavaScript', async () => {
    const { subscription, visitedAt } = await accountBackFromPortal('acct_back')
    const stored = await h.billing.api.getStatus('acct_back')
    expect(stored.subscription).toMatchObject({ id: subscription.id, cancelAtPeriodEnd: false })

    const fresh = await h.billing.api.getStatus('acct_back', { billingReturn: visitedAt })
    expect(fresh.subscription).toMatchObject({ id: subscription.id, cancelAtPeriodEnd: true })
    expect(fresh.notice?.kind).toBe('canceling')
    expect(Date.parse(fresh.syncedAt ?? '')).toBeGreaterThanOrEqual(Number(visitedAt))
    // It used the sync slot the visit freed: the sync BillingSyncNotice then tries is not sent to Stripe.
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(429)
  })

  it('calls Stripe no more for a reload within syncIntervalSeconds', async () => {
    const { visitedAt } = await accountBackFromPortal('acct_reload')
    await h.billing.api.getStatus('acct_reload', { billingReturn: visitedAt })
    const before = calls.count
    const again = await h.billing.api.getStatus('acct_reload', { billingReturn: visitedAt })
    expect(again.subscription?.cancelAtPeriodEnd).toBe(true)
    expect(calls.count).toBe(before)
  })

  it('reads Stripe even when the account was synced during the visit, before the customer’s change', async () => {
    // A webhook of the visit (fetch mode syncs the customer) can land before the customer acts in the portal.
    const { customer, subscription, visitedAt } = await accountInPortal('acct_early_sync')
    await h.billing.api.syncCustomer(customer.id)
    expect(Date.parse((await h.billing.api.getStatus('acct_early_sync')).syncedAt ?? '')).toBeGreaterThan(visitedAt)
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })

    const status = await h.billing.api.getStatus('acct_early_sync', { billingReturn: String(visitedAt) })
    expect(status.subscription?.cancelAtPeriodEnd).toBe(true)
  })

  it('reads Stripe even when a sync of another tab took the slot during the visit, and once only', async () => {
    // Another tab's BillingSyncNotice (or the page's own quiet check, late) syncs while the customer is in the
    // portal: that sync takes the slot the visit freed, and comes before the customer's change.
    const { subscription, visitedAt } = await accountInPortal('acct_tab_sync')
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(200)
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })

    const status = await h.billing.api.getStatus('acct_tab_sync', { billingReturn: String(visitedAt) })
    expect(status.subscription?.cancelAtPeriodEnd).toBe(true)
    // The visit owed one sync; a reload with the same marker is answered from the store.
    const before = calls.count
    await h.billing.api.getStatus('acct_tab_sync', { billingReturn: String(visitedAt) })
    expect(calls.count).toBe(before)
  })

  it('answers the stored status without calling Stripe while the account’s sync slot is taken', async () => {
    h.account = { id: 'acct_busy', email: 'busy@example.com' }
    const { customer, subscription } = await subscribeAccount(h.stripe, 'acct_busy')
    expect((await h.billing.api.ensureCustomer(h.account)).customerId).toBe(customer.id)
    expect((await h.request('/sync', { method: 'POST' })).status).toBe(200)
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    const before = calls.count
    // The older marker carries no visit time: the page syncs unless the account was synced moments ago.
    const status = await h.billing.api.getStatus('acct_busy', { billingReturn: '1' })
    expect(status.subscription?.cancelAtPeriodEnd).toBe(false)
    expect(calls.count).toBe(before)
  })

  it('waits at most syncWaitMs for a slow Stripe, answers the stored status, and stores the sync when it lands', async () => {
    const { visitedAt } = await accountBackFromPortal('acct_slow')
    let release = () => {}
    calls.hold = new Promise<void>((resolve) => {
      release = resolve
    })
    try {
      const started = Date.now()
      const status = await h.billing.api.getStatus('acct_slow', { billingReturn: visitedAt, syncWaitMs: 100 })
      expect(Date.now() - started).toBeLessThan(2_000)
      expect(status.subscription?.cancelAtPeriodEnd).toBe(false)
    } finally {
      calls.hold = null
      release()
    }
    await expect
      .poll(async () => (await h.billing.api.getStatus('acct_slow')).subscription?.cancelAtPeriodEnd)
      .toBe(true)
  })

  it('waits for the sync to land with syncWaitMs Infinity, and refuses a wait that is not a length of time', async () => {
    const { visitedAt } = await accountBackFromPortal('acct_patient')
    let release = () => {}
    calls.hold = new Promise<void>((resolve) => {
      release = resolve
    })
    const releasing = setTimeout(() => {
      calls.hold = null
      release()
    }, 300)
    try {
      const status = await h.billing.api.getStatus('acct_patient', { billingReturn: visitedAt, syncWaitMs: Infinity })
      expect(status.subscription?.cancelAtPeriodEnd).toBe(true)
    } finally {
      clearTimeout(releasing)
      calls.hold = null
      release()
    }
    for (const syncWaitMs of [-1, Number.NaN]) {
      await expect(h.billing.api.getStatus('acct_patient', { billingReturn: visitedAt, syncWaitMs })).rejects.toThrow(
        /syncWaitMs/,
      )
    }
  })

  it('answers the stored status when Stripe cannot be reached, and logs why', async () => {
    const { visitedAt } = await accountBackFromPortal('acct_down')
    warnings.length = 0
    calls.fail = true
    try {
      const status = await h.billing.api.getStatus('acct_down', { billingReturn: visitedAt })
      expect(status.subscription?.cancelAtPeriodEnd).toBe(false)
    } finally {
      calls.fail = false
    }
    expect(warnings.join('\n')).toMatch(/sync on return/i)
  })

  it('reads the store only for no marker, an empty one, or an account without a customer', async () => {
    const { visitedAt } = await accountBackFromPortal('acct_plain')
    const before = calls.count
    for (const billingReturn of [undefined, null, '', []]) {
      const status = await h.billing.api.getStatus('acct_plain', { billingReturn })
      expect(status.subscription?.cancelAtPeriodEnd).toBe(false)
    }
    expect((await h.billing.api.getStatus('acct_nobody', { billingReturn: visitedAt })).customer).toBeNull()
    expect(calls.count).toBe(before)
  })

  it('takes the first of a repeated marker, as the browser side does', async () => {
    const { visitedAt } = await accountBackFromPortal('acct_repeated')
    const status = await h.billing.api.getStatus('acct_repeated', { billingReturn: [visitedAt, 'junk'] })
    expect(status.subscription?.cancelAtPeriodEnd).toBe(true)
  })
})
