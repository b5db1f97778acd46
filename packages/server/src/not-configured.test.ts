import { type RunningEmulator, startEmulator } from '@portal-kit/stripe-emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { BillingLogger } from './billing-options.js'
import { createBilling } from './create-billing.js'
import { pgliteStore } from './stores/pglite-store.js'

let emulator: RunningEmulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())
afterEach(() => vi.unstubAllEnvs())

const appUrl = 'https://app.example'

function recordingLogger(): BillingLogger & { lines: string[] } {
  const lines: string[] = []
  return { lines, warn: (m) => lines.push(m), error: (m) => lines.push(m) }
}

describe('given no Stripe settings at all (next build, or a fresh clone without .env)', () => {
  it('constructs createBilling without stripe or webhookSecret', () => {
    vi.stubEnv('STRIPE_SECRET_KEY', '')
    vi.stubEnv('STRIPE_API_BASE', '')
    vi.stubEnv('STRIPE_WEBHOOK_SECRET', '')
    expect(() =>
      createBilling({ store: pgliteStore(), getAccount: () => ({ id: 'acct_1' }), returnUrl: '/settings/billing' }),
    ).not.toThrow()
  })

  it('answers /status from the store alone', async () => {
    vi.stubEnv('STRIPE_SECRET_KEY', '')
    vi.stubEnv('STRIPE_API_BASE', '')
    const billing = createBilling({ store: pgliteStore(), getAccount: () => ({ id: 'acct_1' }), returnUrl: '/' })
    const res = await billing.handler(new Request(`${appUrl}/api/billing/status`))
    expect(res.status).toBe(200)
    expect((await res.json()).customer).toBeNull()
  })

  it('answers /webhook with 500 not_configured naming STRIPE_WEBHOOK_SECRET, logged once', async () => {
    vi.stubEnv('STRIPE_SECRET_KEY', '')
    vi.stubEnv('STRIPE_API_BASE', '')
    vi.stubEnv('STRIPE_WEBHOOK_SECRET', '')
    const logger = recordingLogger()
    const billing = createBilling({ store: pgliteStore(), getAccount: () => null, returnUrl: '/', logger })
    const webhook = () =>
      billing.handler(
        new Request(`${appUrl}/api/billing/webhook`, {
          method: 'POST',
          headers: { 'stripe-signature': 't=1,v1=abc' },
          body: '{}',
        }),
      )
    const res = await webhook()
    expect(res.status).toBe(500)
    const { error } = (await res.json()) as { error: { code: string; message: string } }
    expect(error.code).toBe('not_configured')
    expect(error.message).toContain('STRIPE_WEBHOOK_SECRET')
    expect((await webhook()).status).toBe(500)
    expect(logger.lines.filter((l) => l.includes('STRIPE_WEBHOOK_SECRET'))).toHaveLength(1)
  })

  it('answers /portal with 500 not_configured naming STRIPE_SECRET_KEY', async () => {
    vi.stubEnv('STRIPE_SECRET_KEY', '')
    vi.stubEnv('STRIPE_API_BASE', '')
    const logger = recordingLogger()
    const billing = createBilling({
      store: pgliteStore(),
      getAccount: () => ({ id: 'acct_1', email: 'a@example.com' }),
      returnUrl: '/',
      appUrl,
      logger,
    })
    const res = await billing.handler(
      new Request(`${appUrl}/api/billing/portal`, { method: 'POST', headers: { origin: appUrl }, body: '{}' }),
    )
    expect(res.status).toBe(500)
    const { error } = (await res.json()) as { error: { code: string; message: string } }
    expect(error).toEqual({
      code: 'not_configured',
      message: 'STRIPE_SECRET_KEY is not set. Set it (or STRIPE_API_BASE for the emulator) and restart.',
    })
  })
})

describe('given STRIPE_API_BASE pointing at a running emulator', () => {
  it('opens a portal session with no stripe option', async () => {
    vi.stubEnv('STRIPE_SECRET_KEY', '')
    vi.stubEnv('STRIPE_API_BASE', emulator.url)
    const billing = createBilling({
      store: pgliteStore(),
      getAccount: () => ({ id: 'acct_env', email: 'env@example.com' }),
      returnUrl: '/settings/billing',
      appUrl,
    })
    const res = await billing.handler(
      new Request(`${appUrl}/api/billing/portal`, { method: 'POST', headers: { origin: appUrl }, body: '{}' }),
    )
    expect(res.status).toBe(200)
    expect(((await res.json()) as { url: string }).url.startsWith(`${emulator.url}/`)).toBe(true)
  })

  it('verifies webhooks with the secrets in STRIPE_WEBHOOK_SECRET, comma-separated while rotating', async () => {
    vi.stubEnv('STRIPE_API_BASE', emulator.url)
    vi.stubEnv('STRIPE_WEBHOOK_SECRET', 'whsec_old,whsec_new')
    const billing = createBilling({ store: pgliteStore(), getAccount: () => null, returnUrl: '/' })
    const { createStripeClient } = await import('./create-stripe-client.js')
    const payload = JSON.stringify({
      id: 'evt_env_1',
      object: 'event',
      type: 'radar.early_fraud_warning.created',
      created: 1,
      data: { object: {} },
    })
    const signature = createStripeClient().webhooks.generateTestHeaderString({ payload, secret: 'whsec_new' })
    const res = await billing.handler(
      new Request(`${appUrl}/api/billing/webhook`, {
        method: 'POST',
        headers: { 'stripe-signature': signature },
        body: payload,
      }),
    )
    expect(res.status).toBe(200)
  })
})
