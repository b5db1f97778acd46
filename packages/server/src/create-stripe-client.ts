import Stripe from 'stripe'
import { BillingError } from './errors.js'

export interface StripeClientOptions extends Stripe.StripeConfig {
  /** Default `STRIPE_SECRET_KEY`; with an `apiBase` and no key, a dummy test key. */
  apiKey?: string
  /** A Stripe emulator's URL (e.g. `http://127.0.0.1:12111`); default `STRIPE_API_BASE`, unset means api.stripe.com. */
  apiBase?: string
}

/**
 * The Stripe client the kit uses when none is passed: `STRIPE_SECRET_KEY`, pointed at an emulator
 * when `STRIPE_API_BASE` is set. Options override the environment; other Stripe settings pass through.
 * Throws `not_configured` naming STRIPE_SECRET_KEY when there is neither a key nor a base.
 */
export function createStripeClient(options: StripeClientOptions = {}): Stripe {
  const { apiKey, apiBase, ...config } = options
  const env = globalThis.process?.env ?? {}
  const base = apiBase ?? env.STRIPE_API_BASE
  const key = (apiKey ?? env.STRIPE_SECRET_KEY) || (base ? 'sk_test_emulator' : undefined)
  if (!key) {
    throw new BillingError(
      'not_configured',
      'STRIPE_SECRET_KEY is not set. Set it (or STRIPE_API_BASE for the emulator) and restart.',
    )
  }
  if (!base) return new Stripe(key, config)
  const url = new URL(base)
  const protocol = url.protocol === 'https:' ? 'https' : 'http'
  return new Stripe(key, {
    ...config,
    host: url.hostname,
    port: Number(url.port || (protocol === 'https' ? 443 : 80)),
    protocol,
  })
}
