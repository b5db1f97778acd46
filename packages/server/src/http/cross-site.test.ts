import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness } from '../testing/billing-harness.js'

let h: BillingHarness
beforeAll(async () => {
  // No appUrl: the origin comes from the request, as in a fresh app without APP_URL.
  h = await startBillingHarness({ appUrl: undefined })
})
afterAll(() => h.close())

function portalRequest(headers: Record<string, string>): Request {
  return new Request('http://localhost:3000/api/billing/portal', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  })
}

describe('given next start, where req.url says localhost whatever the Host header', () => {
  it('accepts a same-origin POST from a browser at 127.0.0.1 and returns it there', async () => {
    h.account = { id: 'acct_origin', email: 'origin@example.com' }
    const res = await h.billing.handler(portalRequest({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }))
    expect(res.status).toBe(200)
    const session = h.lastPortalSession()
    expect(session.return_url?.startsWith('http://127.0.0.1:3000/settings/billing?billing_return=')).toBe(true)
  })

  it('still refuses a cross-site Origin, naming both origins and APP_URL', async () => {
    h.account = { id: 'acct_origin', email: 'origin@example.com' }
    const res = await h.billing.handler(portalRequest({ host: '127.0.0.1:3000', origin: 'https://evil.example' }))
    expect(res.status).toBe(403)
    const { error } = (await res.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('cross_site_request')
    expect(error.message).toBe(
      "This request came from https://evil.example but the app's origin is http://127.0.0.1:3000. If the app is served at https://evil.example, set APP_URL (or allowedOrigins).",
    )
  })
})
