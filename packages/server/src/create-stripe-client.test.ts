import { type RunningEmulator, startEmulator } from '@portal-kit/stripe-emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createStripeClient } from './create-stripe-client.js'
import { BillingError } from './errors.js'

let emulator: RunningEmulator
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())
afterEach(() => vi.unstubAllEnvs())

describe('createStripeClient', () => {
  it('talks to the emulator at STRIPE_API_BASE with a dummy key', async () => {
    vi.stubEnv('STRIPE_SECRET_KEY', '')
    vi.stubEnv('STRIPE_API_BASE', emulator.url)
    const stripe = createStripeClient()
    const customer = await stripe.customers.create({ email: 'env@example.com' })
    expect(customer.id).toMatch(/^cus_/)
  })

  it('lets options override the environment', async () => {
    vi.stubEnv('STRIPE_API_BASE', 'http://127.0.0.1:1')
    const stripe = createStripeClient({ apiBase: emulator.url, apiKey: 'sk_test_given', maxNetworkRetries: 0 })
    expect((await stripe.customers.create({})).id).toMatch(/^cus_/)
  })

  it('throws not_configured naming STRIPE_SECRET_KEY when neither a key nor a base is set', () => {
    vi.stubEnv('STRIPE_SECRET_KEY', '')
    vi.stubEnv('STRIPE_API_BASE', '')
    const error = (() => {
      try {
        createStripeClient()
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(BillingError)
    expect(error).toMatchObject({ code: 'not_configured', status: 500 })
    expect((error as Error).message).toContain('STRIPE_SECRET_KEY')
  })

  it('uses the real Stripe API with a key and no base', () => {
    vi.stubEnv('STRIPE_API_BASE', '')
    vi.stubEnv('STRIPE_SECRET_KEY', 'sk_test_real')
    const stripe = createStripeClient()
    expect(stripe.getApiField('host')).toBe('api.stripe.com')
  })
})
