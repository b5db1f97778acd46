import type { StoredSubscription } from '../billing/subscription.js'
import { currentPeriod } from '../billing/subscription-items.js'
import type { StoredPrice } from '../catalog/price.js'
import type { Emulator } from '../emulator.js'
import { createSubscriptionSchedule } from './create-subscription-schedule.js'
import { releaseSchedule } from './run-subscription-schedule.js'
import { nextPhase, type StoredSubscriptionSchedule } from './subscription-schedule.js'
import { updateSubscriptionSchedule } from './update-subscription-schedule.js'

export interface ItemChange {
  /** The subscription item to change. */
  id: string
  price?: string | null
  quantity?: number
}

/**
 * What the portal does for a change set to take effect at period end: the subscription gets a schedule (its own, or
 * one made `from_subscription`) whose current phase ends with the period and whose next phase has the new items (and
 * the `discounts` the change adds, redeemed when it starts), released after it so the subscription carries on.
 */
export function scheduleChangeAtPeriodEnd(
  emulator: Emulator,
  subscription: StoredSubscription,
  changes: ItemChange[],
  discounts: { coupon: string | null; promotion_code: string | null }[] = [],
): StoredSubscriptionSchedule {
  const schedule =
    activeScheduleOf(emulator, subscription) ??
    createSubscriptionSchedule(emulator, {
      fromSubscription: subscription.id,
    })
  const period = currentPeriod(subscription)
  const currentItems = subscription.items.data.map((item) => ({
    price: item.price.id,
    quantity: item.quantity ?? 1,
    metadata: item.metadata,
  }))
  const nextItems = subscription.items.data.map((item) => {
    const change = changes.find((c) => c.id === item.id)
    return {
      price: change?.price ?? item.price.id,
      quantity: change?.quantity ?? item.quantity ?? 1,
      metadata: item.metadata,
    }
  })
  return updateSubscriptionSchedule(emulator, schedule, {
    phases: [
      { items: currentItems, endDate: period.end },
      { items: nextItems, prorationBehavior: 'none', discounts },
    ],
    endBehavior: 'release',
  })
}

/** Drops a change scheduled at period end (the customer chose something that applies now instead). */
export function releasePendingChange(emulator: Emulator, subscription: StoredSubscription): void {
  const schedule = activeScheduleOf(emulator, subscription)
  if (schedule) releaseSchedule(emulator, schedule)
}

/** The next phase's first price and when it starts: "Changes to Basic on 1 March". */
export function pendingChange(
  emulator: Emulator,
  subscription: StoredSubscription,
): { price: StoredPrice; quantity: number; at: number } | undefined {
  const schedule = activeScheduleOf(emulator, subscription)
  if (!schedule) return undefined
  const now = emulator.now((subscription.test_clock as string | null) ?? null)
  const phase = nextPhase(schedule, now)
  const item = phase?.items[0]
  const price = item ? emulator.state.find<StoredPrice>('price', item.price as string) : undefined
  return phase && price ? { price, quantity: item?.quantity ?? 1, at: phase.start_date } : undefined
}

function activeScheduleOf(
  emulator: Emulator,
  subscription: StoredSubscription,
): StoredSubscriptionSchedule | undefined {
  if (typeof subscription.schedule !== 'string') return undefined
  const schedule = emulator.state.find<StoredSubscriptionSchedule>('subscription_schedule', subscription.schedule)
  return schedule?.status === 'active' ? schedule : undefined
}
