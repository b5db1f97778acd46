import Stripe from 'stripe'

export interface StripeClientOptions extends Omit<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  /** Any `sk_test_…` or `rk_test_…` key; default `sk_test_emulator`. */
  apiKey?: string
  /** Default 0: a test should see the emulator's first answer, not a retried one. */
  maxNetworkRetries?: number
}

/** An official SDK client that talks to the emulator at `url` (e.g. `http://127.0.0.1:12111`). */
export function stripeClientFor(url: string, options: StripeClientOptions = {}): Stripe {
  const { apiKey, maxNetworkRetries, ...config } = options
  const u = new URL(url)
  return new Stripe(apiKey ?? 'sk_test_emulator', {
    ...config,
    host: u.hostname,
    port: Number(u.port),
    protocol: u.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: maxNetworkRetries ?? 0,
  })
}
