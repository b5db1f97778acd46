import type Stripe from 'stripe'
import type { StoredSubscription } from '../billing/subscription.js'
import type { StoredPrice } from '../catalog/price.js'
import type { Emulator } from '../emulator.js'
import type { StoredPortalConfiguration } from './portal-configuration.js'

const daysPerInterval: Record<string, number> = { day: 1, week: 7, month: 30, year: 365 }

function intervalDays(recurring: Stripe.Price.Recurring | null): number {
  return recurring ? (daysPerInterval[recurring.interval] ?? 30) * recurring.interval_count : 0
}

/**
 * Whether the configuration's `subscription_update.schedule_at_period_end.conditions` hold for a change, so the
 * portal schedules it for the end of the period instead of making it now: `decreasing_item_amount` when an item
 * would cost less per period, `shortening_interval` when its billing interval would get shorter.
 */
export function changeWaitsForPeriodEnd(
  emulator: Emulator,
  config: StoredPortalConfiguration,
  subscription: StoredSubscription,
  changes: { id: string; price?: string | null; quantity?: number }[],
): boolean {
  const conditions = config.features.subscription_update.schedule_at_period_end?.conditions ?? []
  if (conditions.length === 0 || subscription.status === 'trialing') return false
  return changes.some((change) => {
    const item = subscription.items.data.find((i) => i.id === change.id)
    if (!item) return false
    const price = change.price ? emulator.state.find<StoredPrice>('price', change.price) : item.price
    if (!price) return false
    const quantity = change.quantity ?? item.quantity ?? 1
    return conditions.some((condition) =>
      condition.type === 'decreasing_item_amount'
        ? (price.unit_amount ?? 0) * quantity < (item.price.unit_amount ?? 0) * (item.quantity ?? 1)
        : condition.type === 'shortening_interval' &&
          intervalDays(price.recurring) < intervalDays(item.price.recurring),
    )
  })
}
