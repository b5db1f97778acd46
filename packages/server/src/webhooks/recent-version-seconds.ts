import { setMostRecent } from '../set-most-recent.js'
import { sameSecondOrder, type VersionKey } from '../stores/same-second-order.js'

/** An event whose claim carried a version of a subscription: its id, its second, and the version stored. */
export interface ClaimedVersion {
  eventId: string
  second: number
  version: VersionKey
}

/**
 * The last event version this process stored for each recent subscription, with its second, so a
 * same-second tie can be foreseen: the event is then settled with Stripe before its claim, not after a
 * refused one. Only a hint: another instance's writes are not in it, and the claim's own guard still
 * catches every tie; a wrong guess costs one Stripe read, never a wrong state. Bounded: past
 * `capacity` subscriptions, the least recently stored is forgotten.
 */
export class RecentVersionSeconds {
  private readonly last = new Map<string, ClaimedVersion>()

  constructor(private readonly capacity = 4096) {}

  /** Records a claimed event's version; an older one of the same second leaves the newer in place. */
  remember(subscriptionId: string, claimed: ClaimedVersion): void {
    const last = this.last.get(subscriptionId)
    const keep = last?.second === claimed.second && sameSecondOrder(claimed.version, last.version) === 'older'
    setMostRecent(this.last, subscriptionId, keep && last ? last : claimed, this.capacity)
  }

  /**
   * Whether another event's version of the subscription, from the second of the last one stored, cannot
   * be ordered against it without Stripe.
   */
  foreseesTie(subscriptionId: string, incoming: ClaimedVersion): boolean {
    const last = this.last.get(subscriptionId)
    // The same event again is a redelivery (even when Stripe's state was stored for it): its claim finds
    // it taken without asking Stripe.
    if (last === undefined || last.second !== incoming.second || last.eventId === incoming.eventId) return false
    return sameSecondOrder(incoming.version, last.version) === 'tie'
  }
}
