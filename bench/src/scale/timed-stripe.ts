import { AsyncLocalStorage } from 'node:async_hooks'
import type Stripe from 'stripe'
import { stripeAroundRequests } from '../stripe-around-requests.js'

/** The Stripe round-trip time of the work running inside `stripeTime.run({ ms: 0 }, ...)`. */
export const stripeTime = new AsyncLocalStorage<{ ms: number }>()

/** A Stripe client on the emulator whose HTTP client adds each round trip's time to the current request's total. */
export function timedStripe(url: string): Stripe {
  return stripeAroundRequests(url, { apiKey: 'sk_test_bench', maxNetworkRetries: 2 }, (send) => async (...args) => {
    const start = performance.now()
    const res = await send(...args)
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
  })
}
