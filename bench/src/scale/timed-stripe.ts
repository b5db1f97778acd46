import { AsyncLocalStorage } from 'node:async_hooks'
import { stripeClientFor } from '@portal-kit/stripe-emulator/testing'
import Stripe from 'stripe'

/** The Stripe round-trip time of the work running inside `stripeTime.run({ ms: 0 }, ...)`. */
export const stripeTime = new AsyncLocalStorage<{ ms: number }>()

/** A Stripe client on the emulator whose HTTP client adds each round trip's time to the current request's total. */
export function timedStripe(url: string): Stripe {
  const inner = Stripe.createNodeHttpClient()
  const httpClient = Object.create(inner) as typeof inner
  httpClient.makeRequest = async (...args: Parameters<typeof inner.makeRequest>) => {
    const start = performance.now()
    const res = await inner.makeRequest(...args)
    const body = await res.toJSON()
    const acc = stripeTime.getStore()
    if (acc) acc.ms += performance.now() - start
    return {
      ...res,
      getStatusCode: () => res.getStatusCode(),
      getHeaders: () => res.getHeaders(),
      toJSON: async () => body,
      getRawResponse: () => res.getRawResponse(),
      toStream: () => res.toStream(() => {}),
    } as never
  }
  return stripeClientFor(url, { apiKey: 'sk_test_bench', httpClient, maxNetworkRetries: 2 })
}
