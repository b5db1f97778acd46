import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, type BillingHarness, startBillingHarness } from '../testing/billing-harness.js'
import { createPortalFormAction } from './portal-form-action.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness()
})
afterAll(() => h.close())

class Redirect extends Error {
  constructor(readonly url: string) {
    super(`redirect to ${url}`)
  }
}

function action(defaults = {}) {
  return createPortalFormAction(
    h.billing,
    {
      getRequest: async () => new Request(`${appUrl}/settings/billing`, { headers: { cookie: 'session=1' } }),
      redirect: (url) => {
        throw new Redirect(url)
      },
    },
    defaults,
  )
}

async function redirectOf(promise: Promise<never>): Promise<string> {
  const error = await promise.catch((e: unknown) => e)
  if (!(error instanceof Redirect)) throw error
  return error.url
}

describe('the portal form action (no client JavaScript)', () => {
  it('redirects to a portal session for the signed-in account, with the deep link from the form', async () => {
    h.account = { id: 'acct_form', email: 'form@example.com' }
    const form = new FormData()
    form.set('flow', 'payment_method_update')
    const url = await redirectOf(action()(form))
    expect(url.startsWith(`${h.emulator.url}/`)).toBe(true)
    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Card number')
  })

  it('redirects back with billing_error when nobody is signed in', async () => {
    h.account = null
    const url = await redirectOf(action()(new FormData()))
    expect(url).toBe(`${appUrl}/settings/billing?billing_error=unauthenticated`)
  })

  it('refuses an off-site return path from the form', async () => {
    h.account = { id: 'acct_form', email: 'form@example.com' }
    const form = new FormData()
    form.set('returnPath', 'https://evil.example/')
    expect(await redirectOf(action()(form))).toBe(`${appUrl}/settings/billing?billing_error=invalid_return_url`)
  })
})

describe('a plain HTML form posted to /portal', () => {
  it('answers 303 to the portal session', async () => {
    h.account = { id: 'acct_form', email: 'form@example.com' }
    const res = await h.request('/portal', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'flow=payment_method_update&returnPath=%2Fsettings%2Fbilling',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')?.startsWith(`${h.emulator.url}/`)).toBe(true)
  })

  it('answers 303 back to the app with billing_error when the account is signed out', async () => {
    h.account = null
    const res = await h.request('/portal', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'flow=payment_method_update',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${appUrl}/settings/billing?billing_error=unauthenticated`)
  })

  it('still refuses a cross-site form post', async () => {
    h.account = { id: 'acct_form', email: 'form@example.com' }
    const res = await h.request('/portal', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'flow=payment_method_update',
    })
    expect(res.status).toBe(403)
  })
})
