import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBilling } from '../create-billing.js'
import { appUrl, type BillingHarness, startBillingHarness, webhookSecret } from '../testing/billing-harness.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness({ locale: () => 'de' })
})
afterAll(() => h.close())

async function customersOf(accountId: string) {
  return (await h.stripe.customers.search({ query: `metadata['accountId']:'${accountId}'` })).data
}

describe('POST /portal', () => {
  it('creates the customer on first use and answers a portal URL that returns to the app marked with the visit time', async () => {
    h.account = { id: 'acct_first', email: 'first@example.com', name: 'First' }
    const before = Date.now()
    const res = await h.request('/portal', { method: 'POST', json: {} })
    const after = Date.now()
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    const { url } = (await res.json()) as { url: string }
    expect(url).toMatch(new RegExp(`^${h.emulator.url}/`))
    const [customer] = await customersOf('acct_first')
    expect(customer).toMatchObject({ email: 'first@example.com', name: 'First' })
    const session = h.lastPortalSession()
    expect(session.customer).toBe(customer?.id)
    const returnUrl = new URL(session.return_url ?? '')
    expect(returnUrl.origin + returnUrl.pathname).toBe(`${appUrl}/settings/billing`)
    const visitedAt = Number(returnUrl.searchParams.get('billing_return'))
    expect(visitedAt).toBeGreaterThanOrEqual(before)
    expect(visitedAt).toBeLessThanOrEqual(after)
    expect(session.locale).toBe('de')
  })

  it('creates one customer for twenty concurrent first clicks, across two server instances', async () => {
    h.account = { id: 'acct_rush', email: 'rush@example.com' }
    const other = createBilling({
      stripe: h.stripe,
      webhookSecret,
      store: h.store,
      getAccount: () => h.account,
      returnUrl: '/settings/billing',
      appUrl,
    })
    const clicks = Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? h.billing : other).handler(
        new Request(`${appUrl}/api/billing/portal`, { method: 'POST', headers: { origin: appUrl }, body: '{}' }),
      ),
    )
    const responses = await Promise.all(clicks)
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(await customersOf('acct_rush')).toHaveLength(1)
  })

  it('reuses a customer that exists in Stripe but not yet in the store', async () => {
    const existing = await h.stripe.customers.create({
      email: 'known@example.com',
      metadata: { accountId: 'acct_known' },
    })
    h.account = { id: 'acct_known', email: 'known@example.com' }
    expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
    expect((await customersOf('acct_known')).map((c) => c.id)).toEqual([existing.id])
  })

  it('opens the payment method deep link with a redirect back after completion', async () => {
    h.account = { id: 'acct_first', email: 'first@example.com' }
    const res = await h.request('/portal', {
      method: 'POST',
      json: { flow: 'payment_method_update', returnPath: '/billing?tab=card' },
    })
    expect(res.status).toBe(200)
    const session = h.lastPortalSession()
    expect(session.flow?.type).toBe('payment_method_update')
    expect(session.flow?.after_completion.type).toBe('redirect')
    expect(session.flow?.after_completion.redirect?.return_url).toBe(session.return_url)
    expect(session.return_url).toMatch(new RegExp(`^${appUrl}/billing\\?tab=card&billing_return=\\d{13}$`))
  })

  it('answers 401 when nobody is signed in', async () => {
    h.account = null
    const res = await h.request('/portal', { method: 'POST', json: {} })
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('unauthenticated')
  })

  it('refuses a return URL on another site with 403 and opens no session', async () => {
    h.account = { id: 'acct_first', email: 'first@example.com' }
    const before = h.emittedEvents().length
    for (const returnPath of [
      'https://evil.example/phish',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const res = await h.request('/portal', { method: 'POST', json: { returnPath } })
      expect({ returnPath, status: res.status }).toEqual({ returnPath, status: 403 })
      expect((await res.json()).error.code).toBe('invalid_return_url')
    }
    expect(h.emittedEvents().length).toBe(before)
  })

  it('refuses a cross-site POST by Origin or by Sec-Fetch-Site', async () => {
    h.account = { id: 'acct_first', email: 'first@example.com' }
    const byOrigin = await h.request('/portal', {
      method: 'POST',
      json: {},
      headers: { origin: 'https://evil.example' },
    })
    expect(byOrigin.status).toBe(403)
    expect((await byOrigin.json()).error.code).toBe('cross_site_request')
    const bySite = await h.request('/portal', { method: 'POST', json: {}, headers: { 'sec-fetch-site': 'cross-site' } })
    expect(bySite.status).toBe(403)
  })

  it('answers 400 to an unknown flow or a body that is not JSON', async () => {
    h.account = { id: 'acct_first', email: 'first@example.com' }
    expect((await h.request('/portal', { method: 'POST', json: { flow: 'steal_everything' } })).status).toBe(400)
    expect((await h.request('/portal', { method: 'POST', body: '{nope' })).status).toBe(400)
    expect((await h.request('/portal', { method: 'GET' })).status).toBe(405)
  })
})

describe('given the account’s customer was deleted in Stripe', () => {
  it('creates a new customer on the next click instead of reusing the deleted one', async () => {
    h.account = { id: 'acct_reborn', email: 'reborn@example.com' }
    expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
    const [first] = await customersOf('acct_reborn')
    await h.stripe.customers.del(first?.id as string)
    const deleted = h
      .emittedEvents()
      .find((e) => e.type === 'customer.deleted' && (e.data.object as { id: string }).id === first?.id)
    expect((await h.billing.handler(h.signedWebhook(JSON.stringify(deleted)))).status).toBe(200)

    expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
    const now = await customersOf('acct_reborn')
    expect(now).toHaveLength(1)
    expect(now[0]?.id).not.toBe(first?.id)
    expect((await h.billing.api.getStatus('acct_reborn')).customer?.id).toBe(now[0]?.id)
  })
})
