import { stripeClientFor } from '@portal-kit/stripe-emulator/testing'
import Stripe from 'stripe'

/**
 * A Stripe client on the emulator, on the SDK's usual Node HTTP client, that counts the API requests it
 * sends: the bench reads the count before and after each contender's turn.
 */
export function countingStripe(url: string, apiKey: string): { stripe: Stripe; requests: () => number } {
  const inner = Stripe.createNodeHttpClient()
  const httpClient = Object.create(inner) as typeof inner
  let requests = 0
  httpClient.makeRequest = (...args: Parameters<typeof inner.makeRequest>) => {
    requests++
    return inner.makeRequest(...args)
  }
  return { stripe: stripeClientFor(url, { apiKey, httpClient }), requests: () => requests }
}
