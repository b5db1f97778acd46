import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness } from '../testing/billing-harness.js'

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
