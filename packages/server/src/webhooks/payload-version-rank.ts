/** Lifecycle order of subscription event types: a later stage wins a same-second tie. */
const typeRank: Record<string, number> = {
  'customer.subscription.created': 1,
  'customer.subscription.trial_will_end': 2,
  'customer.subscription.pending_update_applied': 3,
  'customer.subscription.pending_update_expired': 3,
  'customer.subscription.resumed': 3,
  'customer.subscription.paused': 3,
  'customer.subscription.updated': 3,
  'customer.subscription.deleted': 9,
}

/** Lifecycle order of statuses, the tiebreak between same-second events of one type. */
const statusRank: Record<string, number> = {
  incomplete: 0,
  trialing: 1,
  active: 2,
  past_due: 3,
  unpaid: 4,
  paused: 4,
  incomplete_expired: 5,
  canceled: 6,
}

/**
 * The fixed precedence of payload mode for events with the same `created` second: by event type,
 * then by status; the store breaks any remaining tie by event id, so every delivery order converges.
 */
export function payloadVersionRank(type: string, status: string): number {
  return (typeRank[type] ?? 3) * 10 + (statusRank[status] ?? 0)
}
