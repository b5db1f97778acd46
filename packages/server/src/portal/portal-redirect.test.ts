import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, type BillingHarness, startBillingHarness } from '../testing/billing-harness.js'
import { createPortalFormAction } from './portal-form-action.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness()
})
afterAll(() => h.close())

/** Where a browser goes for a Location or return URL: it must be the app, never a protocol-relative path. */
function landsOnApp(target: string): boolean {
  const url = new URL(target, `${appUrl}/api/billing/portal`)
  return url.origin === appUrl && !/^\/[/\\]/.test(url.pathname)
}

const offSite = ['/.//evil.example', '/..//evil.example', '/%2e//evil.example', '/x/..//evil.example']

function formPost(fields: Record<string, string>): Promise<Response> {
  return h.request('/portal', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
}

describe('a portal form whose return path resolves off-site', () => {
  it.each(offSite)('answers an invalid flow with a 303 on the app for %s', async (returnPath) => {
    h.account = { id: 'acct_redirect', email: 'redirect@example.com' }
    const res = await formPost({ returnPath, flow: 'steal_everything' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${appUrl}/settings/billing?billing_error=invalid_request`)
  })

  it.each(offSite)('sends a signed-out visitor back to the app for %s', async (returnPath) => {
    h.account = null
    const res = await formPost({ returnPath })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${appUrl}/settings/billing?billing_error=unauthenticated`)
  })

  it.each(offSite)('is refused by the JSON route for %s', async (returnPath) => {
    h.account = { id: 'acct_redirect', email: 'redirect@example.com' }
    const res = await h.request('/portal', { method: 'POST', json: { returnPath } })
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('invalid_return_url')
  })

  it.each(offSite)('is replaced by the configured path in the server action for %s', async (returnPath) => {
    h.account = null
    let location = ''
    const action = createPortalFormAction(h.billing, {
      getRequest: async () => new Request(`${appUrl}/settings/billing`),
      redirect: (url) => {
        location = url
        throw new Error('redirected')
      },
    })
    const form = new FormData()
    form.set('returnPath', returnPath)
    await action(form).catch(() => {})
    expect(landsOnApp(location)).toBe(true)
    expect(location).toBe(`${appUrl}/settings/billing?billing_error=unauthenticated`)
  })
})

describe('for any return path an attacker can post', () => {
  const piece = fc.constantFrom('/', '//', '\\', '.', '..', '%2e', '%2f', '%5c', '\t', '\n', 'evil.example', '@', ':')
  const returnPath = fc.oneof(
    fc.array(piece, { maxLength: 7 }).map((p) => `/${p.join('')}`),
    fc.constantFrom('javascript:alert(1)', 'data:text/html,x', 'https://user@evil.example', '/é/..//evil.example'),
  )

  it('every Location and every return_url sent to Stripe is on the app', async () => {
    h.account = { id: 'acct_redirect', email: 'redirect@example.com' }
    await fc.assert(
      fc.asyncProperty(returnPath, fc.boolean(), async (path, validFlow) => {
        const form = await formPost({ returnPath: path, flow: validFlow ? 'payment_method_update' : 'nope' })
        const location = form.headers.get('location') ?? ''
        const json = await h.request('/portal', { method: 'POST', json: { returnPath: path } })
        const session = h.lastPortalSession()
        const stripeLocation = location.startsWith(h.emulator.url)
        return (
          (stripeLocation || landsOnApp(location)) &&
          (json.status !== 200 || landsOnApp(session.return_url ?? '')) &&
          (!stripeLocation || landsOnApp(session.return_url ?? ''))
        )
      }),
      { numRuns: 60 },
    )
  })
})
