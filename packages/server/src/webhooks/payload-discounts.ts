import type Stripe from 'stripe'
import { withStripe } from '../errors.js'
import { setMostRecent } from '../set-most-recent.js'
import { storedSubscription } from '../sync/stored-subscription.js'

/**
 * Payload webhooks carry a subscription's discounts as ids (and since API version 2025-09-30 each discount's coupon
 * as an id too), but status needs what a discount takes off and until when. A discount never changes those, so each
 * is read from Stripe once per process, with its subscription (`expand: ['discounts.source.coupon']`), and kept.
 * Bounded: past `capacity` discounts, the least recently used is forgotten.
 */
export class PayloadDiscounts {
  private readonly known = new Map<string, Stripe.Discount>()
  private readonly reading = new Map<string, Promise<Stripe.Subscription | null>>()

  /** `stripe` is called on each read, so the client can be made on first use. */
  constructor(
    private readonly stripe: () => Stripe,
    private readonly capacity = 4096,
  ) {}

  /**
   * The subscription with each discount id replaced by the discount, as the store keeps it. A discount no longer on
   * the subscription when Stripe is read stays an id; so does every one of a subscription Stripe no longer has.
   */
  async expand(subscription: Stripe.Subscription): Promise<Stripe.Subscription> {
    if (!namesDiscounts(subscription)) return subscription
    const ids = subscription.discounts.filter((discount): discount is string => typeof discount === 'string')
    if (ids.some((id) => !this.known.has(id))) await this.read(subscription.id)
    const discounts = subscription.discounts.map((discount) =>
      typeof discount === 'string' ? (this.use(discount) ?? discount) : discount,
    )
    return storedSubscription({ ...subscription, discounts })
  }

  private async read(subscriptionId: string): Promise<void> {
    let reading = this.reading.get(subscriptionId)
    if (!reading) {
      reading = withStripe(() =>
        this.stripe()
          .subscriptions.retrieve(subscriptionId, { expand: ['discounts.source.coupon'] })
          .catch((error: unknown) => {
            if ((error as { code?: unknown } | null)?.code === 'resource_missing') return null
            throw error
          }),
      ).finally(() => this.reading.delete(subscriptionId))
      this.reading.set(subscriptionId, reading)
    }
    const current = await reading
    if (!current) return
    for (const discount of storedSubscription(current).discounts) {
      if (typeof discount !== 'string') this.remember(discount)
    }
  }

  private use(id: string): Stripe.Discount | undefined {
    const discount = this.known.get(id)
    if (discount) this.remember(discount)
    return discount
  }

  private remember(discount: Stripe.Discount): void {
    setMostRecent(this.known, discount.id, discount, this.capacity)
  }
}

/** Whether a subscription names any of its discounts by id alone. */
export function namesDiscounts(subscription: Stripe.Subscription): boolean {
  return subscription.discounts?.some((discount) => typeof discount === 'string') ?? false
}
