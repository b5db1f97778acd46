/** Order in which a customer's subscriptions speak for the account: live ones first, then the newest. */
const statusRank: Record<string, number> = {
  active: 0,
  trialing: 0,
  past_due: 1,
  unpaid: 2,
  incomplete: 3,
  paused: 4,
  canceled: 5,
  incomplete_expired: 6,
}

/**
 * Picks the subscription that describes an account when its customer has several: a live one over
 * an ended one, and among equals the newest. Returns null for an empty list.
 */
export function selectPrimarySubscription<T extends { status: string; created: number; id: string }>(
  subscriptions: readonly T[],
): T | null {
  let best: T | null = null
  for (const sub of subscriptions) {
    if (!best) {
      best = sub
      continue
    }
    const a = statusRank[sub.status] ?? 7
    const b = statusRank[best.status] ?? 7
    if (a < b || (a === b && (sub.created > best.created || (sub.created === best.created && sub.id > best.id)))) {
      best = sub
    }
  }
  return best
}
