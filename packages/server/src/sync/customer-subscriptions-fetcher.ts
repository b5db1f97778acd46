import type Stripe from 'stripe'
import { storedSubscription } from './stored-subscription.js'

export interface FetchedSubscriptions {
  subscriptions: Stripe.Subscription[]
  /** When the fetch started (ms): everything Stripe knew before then is in the result. */
  startedAt: number
}

/**
 * Reads a customer's subscriptions from Stripe, coalescing concurrent requests per customer: a
 * request during a fetch waits for one more fetch that starts after the current one ends (so it
 * sees any change that prompted it), shared by everyone who arrived meanwhile.
 */
export class CustomerSubscriptionsFetcher {
  private readonly running = new Map<string, Promise<FetchedSubscriptions>>()
  private readonly queued = new Map<string, Promise<FetchedSubscriptions>>()

  /** `stripe` is called on each fetch, so the client can be made on first use. */
  constructor(private readonly stripe: () => Stripe) {}

  fetch(customerId: string): Promise<FetchedSubscriptions> {
    const queued = this.queued.get(customerId)
    if (queued) return queued
    const running = this.running.get(customerId)
    if (!running) return this.start(customerId)
    const next = running
      .catch(() => undefined)
      .then(() => {
        this.queued.delete(customerId)
        return this.start(customerId)
      })
    this.queued.set(customerId, next)
    return next
  }

  private start(customerId: string): Promise<FetchedSubscriptions> {
    const startedAt = Date.now()
    const promise = this.list(customerId)
      .then((subscriptions) => ({ subscriptions, startedAt }))
      .finally(() => {
        if (this.running.get(customerId) === promise) this.running.delete(customerId)
      })
    this.running.set(customerId, promise)
    return promise
  }

  private async list(customerId: string): Promise<Stripe.Subscription[]> {
    const out: Stripe.Subscription[] = []
    // Discounts with their coupons, which status reads: what each takes off, and until when.
    const listing = this.stripe().subscriptions.list({
      customer: customerId,
      status: 'all',
      limit: 100,
      expand: ['data.discounts.source.coupon'],
    })
    for await (const sub of listing) out.push(storedSubscription(sub))
    return out
  }
}
