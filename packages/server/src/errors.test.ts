import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createBilling } from './create-billing.js'
import { appUrl, type BillingHarness, startBillingHarness, stripeClientFor } from './testing/billing-harness.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness()
})
afterAll(() => h.close())

describe('given Stripe refusing the secret key', () => {
  it('answers 502 without the key in the response or in any log line', async () => {
    const key = 'sk_live_51SuperSecretKeyThatMustNeverLeak'
    const logged: string[] = []
    const billing = createBilling({
      ...h.billing.options,
      stripe: stripeClientFor(h.emulator.url, { apiKey: key }),
      logger: {
        warn: (m, d) => logged.push(m, JSON.stringify(d)),
        error: (m, d) => logged.push(m, JSON.stringify(d)),
      },
    })
    const consoleError = vi.spyOn(console, 'error').mockImplementation((...args) => {
      logged.push(args.map(String).join(' '))
    })
    try {
      h.account = { id: 'acct_leak', email: 'leak@example.com' }
      const res = await billing.handler(
        new Request(`${appUrl}/api/billing/portal`, { method: 'POST', headers: { origin: appUrl }, body: '{}' }),
      )
      const text = await res.text()
      expect(res.status).toBe(502)
      expect(JSON.parse(text).error.code).toBe('stripe_unavailable')
      expect(text).not.toContain('SuperSecret')
      expect(logged.join('\n')).not.toContain('SuperSecret')
    } finally {
      consoleError.mockRestore()
    }
  })
})

describe('createBilling', () => {
  it('refuses to start without a return URL (a missing secret fails on the first request that needs it)', () => {
    expect(() => createBilling({ ...h.billing.options, webhookSecret: [] })).not.toThrow()
    expect(() => createBilling({ ...h.billing.options, returnUrl: '' })).toThrow(/returnUrl/)
  })
})
