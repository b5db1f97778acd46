/**
 * The second of the last event version this process stored for each recent subscription, so a
 * same-second tie can be foreseen: the event is then settled with Stripe before its claim, not
 * after a refused one. Only a hint: another instance's writes are not in it, and the claim's own
 * guard still catches every tie; a wrong guess costs one Stripe read, never a wrong state.
 * Bounded: past `capacity` subscriptions, the least recently stored is forgotten.
 */
export class RecentVersionSeconds {
  private readonly last = new Map<string, { second: number; eventId: string }>()

  constructor(private readonly capacity = 4096) {}

  remember(subscriptionId: string, second: number, eventId: string): void {
    this.last.delete(subscriptionId)
    this.last.set(subscriptionId, { second, eventId })
    if (this.last.size > this.capacity) {
      const oldest = this.last.keys().next()
      if (!oldest.done) this.last.delete(oldest.value)
    }
  }

  /** Whether another event's version of the subscription from `second` was the last this process stored. */
  foreseesTie(subscriptionId: string, second: number, eventId: string): boolean {
    const last = this.last.get(subscriptionId)
    // The same event again is a redelivery: its claim finds it taken without asking Stripe.
    return last !== undefined && last.second === second && last.eventId !== eventId
  }
}
