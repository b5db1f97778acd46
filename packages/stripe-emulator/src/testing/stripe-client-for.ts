import Stripe from 'stripe'

export interface StripeClientOptions {
  /** Any `sk_test_…` or `rk_test_…` key; default `sk_test_emulator`. */
  apiKey?: string
  /** Default 0: a test should see the emulator's first answer, not a retried one. */
  maxNetworkRetries?: number
}

/** An official SDK client that talks to the emulator at `url` (e.g. `http://127.0.0.1:12111`). */
export function stripeClientFor(url: string, options: StripeClientOptions = {}): Stripe {
  const u = new URL(url)
  return new Stripe(options.apiKey ?? 'sk_test_emulator', {
    host: u.hostname,
    port: Number(u.port),
    protocol: u.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
  })
}
