import { AsyncLocalStorage } from 'node:async_hooks'
import type Stripe from 'stripe'
import { stripeAroundRequests } from '../stripe-around-requests.js'

/** The Stripe round-trip time of the work running inside `stripeTime.run({ ms: 0 }, ...)`. */
export const stripeTime = new AsyncLocalStorage<{ ms: number }>()

/**
 * A Stripe client on the emulator whose HTTP client adds each round trip's time to the current request's total.
 * With `latency.ms` above 0, each round trip also waits between half and one and a half times that after the
 * emulator answers, inside the timed span: a Stripe as far away as the real one, whose wait is subtracted as
 * Stripe time. The value is read on every call, so a caller can change it between runs.
 */
export function timedStripe(url: string, latency: { ms: number } = { ms: 0 }): Stripe {
  return stripeAroundRequests(url, { apiKey: 'sk_test_bench', maxNetworkRetries: 2 }, (send) => async (...args) => {
    const start = performance.now()
    const res = await send(...args)
    const body = await res.toJSON()
    if (latency.ms > 0) await new Promise((resolve) => setTimeout(resolve, latency.ms * (0.5 + Math.random())))
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
