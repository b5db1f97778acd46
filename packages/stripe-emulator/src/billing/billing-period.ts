import type Stripe from 'stripe'

const day = 86_400

/**
 * `anchor` moved on by `count` intervals in UTC. Months keep the anchor's day of month (or `dayOfMonth`, the day a
 * `billing_cycle_anchor_config` asked for), clamped to the month's length (an anchor on Jan 31 bills Feb 28, then
 * Mar 31), as Stripe's billing cycles do.
 */
export function addInterval(
  anchor: number,
  interval: Stripe.Price.Recurring.Interval,
  count: number,
  dayOfMonth?: number,
): number {
  if (interval === 'day') return anchor + count * day
  if (interval === 'week') return anchor + count * 7 * day
  const date = new Date(anchor * 1000)
  const months = interval === 'year' ? count * 12 : count
  const target = date.getUTCMonth() + months
  const year = date.getUTCFullYear() + Math.floor(target / 12)
  const month = ((target % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const moved = Date.UTC(
    year,
    month,
    Math.min(dayOfMonth ?? date.getUTCDate(), lastDay),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  )
  return Math.floor(moved / 1000)
}

/**
 * The first billing-cycle boundary after `after`, counting whole periods from `anchor` (on `dayOfMonth` when its
 * `billing_cycle_anchor_config` names one).
 */
export function nextPeriodEnd(
  anchor: number,
  recurring: { interval: Stripe.Price.Recurring.Interval; interval_count: number },
  after: number,
  dayOfMonth?: number,
): number {
  for (let k = 1; ; k++) {
    const end = addInterval(anchor, recurring.interval, k * recurring.interval_count, dayOfMonth)
    if (end > after) return end
  }
}
