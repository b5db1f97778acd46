/** Subscription statuses after which nothing more happens. */
export const endedStatuses: readonly string[] = ['canceled', 'incomplete_expired']
/** Statuses of a subscription in a paid period (billed, prorated and renewed). */
export const runningStatuses: readonly string[] = ['active', 'past_due', 'unpaid']
