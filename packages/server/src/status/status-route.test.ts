import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createBilling } from '../create-billing.js'
import { type BillingHarness, startBillingHarness, subscribeAccount } from '../testing/billing-harness.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness()
})
afterAll(() => h.close())

describe('GET /status', () => {
  it('answers the status of an account without a customer, privately and uncached, with an ETag', async () => {
    h.account = { id: 'acct_new', email: 'new@example.com' }
    const res = await h.request('/status')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const body = await res.json()
    expect(body).toMatchObject({ customer: null, subscription: null, access: 'none', notice: null })
    expect(res.headers.get('etag')).toBe(`"${body.version}"`)
  })

  it('answers 304 for a matching If-None-Match and 200 once the status changes', async () => {
    h.account = { id: 'acct_etag', email: 'etag@example.com' }
    const first = await h.request('/status')
    const etag = first.headers.get('etag') as string
    const again = await h.request('/status', { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    await h.billing.api.ensureCustomer(h.account)
    const changed = await h.request('/status', { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    expect((await changed.json()).customer.id).toMatch(/^cus_/)
  })

  it('answers 401 when nobody is signed in', async () => {
    h.account = null
    expect((await h.request('/status')).status).toBe(401)
  })

  it('answers 404 for an unknown route', async () => {
    h.account = { id: 'acct_new' }
    const res = await h.request('/nope')
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('not_found')
  })
})

describe('a conditional GET /status', () => {
  it('is answered 304 from the store revision alone, without reading the customer or its subscriptions', async () => {
    await subscribeAccount(h.stripe, 'acct_cheap')
    await h.billing.api.reconcile()
    h.account = { id: 'acct_cheap' }
    const first = await h.request('/status')
    expect((await first.json()).subscription.status).toBe('active')
    const findCustomer = vi.spyOn(h.store, 'findCustomerByAccount')
    const listSubscriptions = vi.spyOn(h.store, 'listSubscriptions')
    const revision = vi.spyOn(h.store, 'statusRevision')
    try {
      const again = await h.request('/status', { headers: { 'if-none-match': first.headers.get('etag') as string } })
      expect(again.status).toBe(304)
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'))
      expect(revision).toHaveBeenCalledTimes(1)
      expect(findCustomer).not.toHaveBeenCalled()
      expect(listSubscriptions).not.toHaveBeenCalled()
    } finally {
      vi.restoreAllMocks()
    }
  })

  it('answers 200 with the new status once another instance changed the subscription', async () => {
    const { subscription } = await subscribeAccount(h.stripe, 'acct_other_instance')
    await h.billing.api.reconcile()
    h.account = { id: 'acct_other_instance' }
    const first = await h.request('/status')
    const etag = first.headers.get('etag') as string
    expect((await h.request('/status', { headers: { 'if-none-match': etag } })).status).toBe(304)

    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    const otherInstance = createBilling({ ...h.billing.options })
    await otherInstance.api.reconcile()
    const changed = await h.request('/status', { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    expect((await changed.json()).subscription.cancelAtPeriodEnd).toBe(true)
  })

  it('answers 200 when time alone changes the status (the trial-ending notice starts), with nothing written', async () => {
    const { subscription } = await subscribeAccount(h.stripe, 'acct_trial_clock', { trialDays: 14 })
    await h.billing.api.reconcile()
    h.account = { id: 'acct_trial_clock' }
    const first = await h.request('/status')
    expect((await first.json()).notice).toBeNull()
    const etag = first.headers.get('etag') as string
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(((subscription.trial_end as number) - 2 * 24 * 60 * 60) * 1000)
      const later = await h.request('/status', { headers: { 'if-none-match': etag } })
      expect(later.status).toBe(200)
      expect((await later.json()).notice.kind).toBe('trial_ending')
    } finally {
      vi.useRealTimers()
    }
  })
})
