import { type StripeClientOptions, stripeClientFor } from '@portal-kit/stripe-emulator/testing'
import Stripe from 'stripe'

type HttpClient = ReturnType<typeof Stripe.createNodeHttpClient>
export type SendRequest = HttpClient['makeRequest']

/**
 * A Stripe client on the emulator, on the SDK's usual Node HTTP client, whose every API request goes through
 * `around(send)`: the bench's way to count or time the requests a contender makes, without changing them.
 */
export function stripeAroundRequests(
  url: string,
  options: StripeClientOptions,
  around: (send: SendRequest) => SendRequest,
): Stripe {
  const inner = Stripe.createNodeHttpClient()
  const httpClient = Object.create(inner) as HttpClient
  httpClient.makeRequest = around((...args) => inner.makeRequest(...args))
  return stripeClientFor(url, { ...options, httpClient })
}
