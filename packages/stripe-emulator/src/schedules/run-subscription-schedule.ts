import type { DueWorkSource } from '../billing/advance-clock.js'
import { cancelSubscription } from '../billing/cancel-subscription.js'
import type { StoredSubscription } from '../billing/subscription.js'
import { currentPeriod } from '../billing/subscription-items.js'
import { endedStatuses } from '../billing/subscription-statuses.js'
import { type UpdateSubscriptionInput, updateSubscription } from '../billing/update-subscription.js'
import { keepAndAddDiscounts } from '../discounts/keep-and-add-discounts.js'
import { checkDiscountRequest, type DiscountRequest } from '../discounts/redeem-discounts.js'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import { startSchedule } from './create-subscription-schedule.js'
import {
  requireSchedulePending,
  type SchedulePhase,
  type StoredSubscriptionSchedule,
  scheduleClock,
} from './subscription-schedule.js'

/** Where schedule work sits among the clock's work due at one second: after cancellations, before renewals. */
const scheduleRank = 3.5

/**
 * The clock work of subscription schedules: a `not_started` schedule starts its subscription, an `active` one moves
 * to its next phase (or ends per `end_behavior`) when the current phase ends, and one whose subscription was
 * canceled is canceled with it.
 */
export const subscriptionScheduleWork: DueWorkSource = (emulator, clockId, consider) => {
  for (const schedule of emulator.state.list<StoredSubscriptionSchedule>(
    'subscription_schedule',
    (s) => scheduleClock(s) === clockId && (s.status === 'not_started' || s.status === 'active'),
  )) {
    if (schedule.status === 'not_started') {
      const first = schedule.phases[0]
      if (first) consider(first.start_date, scheduleRank, () => startSchedule(emulator, schedule))
      continue
    }
    const subscription = scheduledSubscription(emulator, schedule)
    if (subscription && endedStatuses.includes(subscription.status)) {
      const endedAt = subscription.ended_at ?? emulator.now(clockId)
      consider(endedAt, scheduleRank, () => markScheduleCanceled(emulator, schedule))
    } else if (schedule.current_phase) {
      consider(schedule.current_phase.end_date, scheduleRank, () => endCurrentPhase(emulator, schedule))
    }
  }
}

/** The current phase has ended: the subscription takes the next phase's items, or the schedule ends. */
export function endCurrentPhase(emulator: Emulator, schedule: StoredSubscriptionSchedule): void {
  const endedAt = schedule.current_phase?.end_date ?? emulator.now(scheduleClock(schedule))
  const next = schedule.phases.find((phase) => phase.start_date >= endedAt)
  if (!next) {
    finishSchedule(emulator, schedule)
    return
  }
  const subscription = scheduledSubscription(emulator, schedule)
  if (subscription) applyPhase(emulator, subscription, next)
  const before = structuredClone(schedule)
  schedule.current_phase = { start_date: next.start_date, end_date: next.end_date }
  emitUpdate(emulator, 'subscription_schedule.updated', before, schedule, scheduleClock(schedule))
}

/**
 * Gives the subscription a phase's items: an item keeps its id when its price stays, otherwise items are re-priced
 * in order, added or deleted. At the period end nothing is prorated (the renewal bills the new prices); in the
 * middle of a period the phase's `proration_behavior` applies.
 */
export function applyPhase(emulator: Emulator, subscription: StoredSubscription, phase: SchedulePhase): void {
  const remaining = [...subscription.items.data]
  const changes: NonNullable<UpdateSubscriptionInput['items']> = []
  const unmatched: SchedulePhase['items'] = []
  for (const wanted of phase.items) {
    const index = remaining.findIndex((item) => item.price.id === wanted.price)
    const [same] = index === -1 ? [] : remaining.splice(index, 1)
    if (same) changes.push({ id: same.id, quantity: wanted.quantity ?? 1, metadata: wanted.metadata ?? {} })
    else unmatched.push(wanted)
  }
  for (const wanted of unmatched) {
    const reused = remaining.shift()
    changes.push({
      ...(reused ? { id: reused.id } : {}),
      price: wanted.price as string,
      quantity: wanted.quantity ?? 1,
      metadata: wanted.metadata ?? {},
    })
  }
  for (const item of remaining) changes.push({ id: item.id, deleted: true })
  const atPeriodEnd = currentPeriod(subscription).end <= phase.start_date
  const discounts = phaseDiscounts(emulator, subscription, phase)
  updateSubscription(emulator, subscription.id, {
    items: changes,
    ...(discounts ? { discounts } : {}),
    prorationBehavior: atPeriodEnd
      ? 'none'
      : (phase.proration_behavior as UpdateSubscriptionInput['prorationBehavior']),
  })
}

/**
 * The `discounts[]` that give the subscription a phase's discounts on top of its own, or undefined when the phase has
 * none. A coupon or code that can no longer be redeemed (expired, used up) is left out rather than stopping the
 * schedule.
 */
function phaseDiscounts(
  emulator: Emulator,
  subscription: StoredSubscription,
  phase: SchedulePhase,
): DiscountRequest[] | undefined {
  if (phase.discounts.length === 0) return undefined
  const target = {
    customer: subscription.customer as string,
    testClock: (subscription.test_clock as string | null) ?? null,
    existing: [],
  }
  return keepAndAddDiscounts(emulator, subscription.discounts, phase.discounts).filter((request) => {
    if (request.discount !== undefined) return true
    try {
      checkDiscountRequest(emulator, request, target)
      return true
    } catch (error) {
      if (error instanceof StripeApiError) return false
      throw error
    }
  })
}

/** The last phase has ended: `release` leaves the subscription running on its own, `cancel` cancels it. */
function finishSchedule(emulator: Emulator, schedule: StoredSubscriptionSchedule): void {
  if (schedule.end_behavior === 'cancel') {
    const subscription = scheduledSubscription(emulator, schedule)
    if (subscription && !endedStatuses.includes(subscription.status)) {
      cancelSubscription(emulator, subscription.id, { invoiceNow: true })
    }
    const testClock = scheduleClock(schedule)
    schedule.status = 'completed'
    schedule.completed_at = emulator.now(testClock)
    schedule.current_phase = null
    emulator.emit('subscription_schedule.completed', schedule, { testClock })
    return
  }
  releaseSchedule(emulator, schedule)
}

/**
 * `POST /v1/subscription_schedules/:id/release`, and the end of a schedule with `end_behavior: release`: the
 * subscription stays as it is, without a schedule. Emits subscription_schedule.released.
 */
export function releaseSchedule(emulator: Emulator, schedule: StoredSubscriptionSchedule): StoredSubscriptionSchedule {
  requireSchedulePending(schedule, 'release')
  const testClock = scheduleClock(schedule)
  const subscription = scheduledSubscription(emulator, schedule)
  schedule.status = 'released'
  schedule.released_at = emulator.now(testClock)
  schedule.released_subscription = subscription?.id ?? null
  schedule.subscription = null
  schedule.current_phase = null
  if (subscription) {
    const before = structuredClone(subscription)
    subscription.schedule = null
    emitUpdate(emulator, 'customer.subscription.updated', before, subscription, testClock)
  }
  emulator.emit('subscription_schedule.released', schedule, { testClock })
  return schedule
}

/**
 * `POST /v1/subscription_schedules/:id/cancel`: cancels the schedule and its running subscription now, with a
 * final invoice and prorations unless turned off (Stripe's defaults). Emits subscription_schedule.canceled.
 */
export function cancelSchedule(
  emulator: Emulator,
  schedule: StoredSubscriptionSchedule,
  options: { invoiceNow?: boolean; prorate?: boolean } = {},
): StoredSubscriptionSchedule {
  requireSchedulePending(schedule, 'cancel')
  const subscription = scheduledSubscription(emulator, schedule)
  if (subscription && !endedStatuses.includes(subscription.status)) {
    cancelSubscription(emulator, subscription.id, {
      invoiceNow: options.invoiceNow ?? true,
      prorate: options.prorate ?? true,
    })
  }
  markScheduleCanceled(emulator, schedule)
  return schedule
}

/**
 * A subscription canceled outside its schedule (`DELETE /v1/subscriptions/:id`, the portal) takes its schedule with
 * it, as on Stripe: subscription_schedule.canceled. Clock-driven endings are found by the clock work instead.
 */
export function cancelScheduleOfEndedSubscription(emulator: Emulator, subscription: StoredSubscription): void {
  if (typeof subscription.schedule !== 'string' || !endedStatuses.includes(subscription.status)) return
  const schedule = emulator.state.find<StoredSubscriptionSchedule>('subscription_schedule', subscription.schedule)
  if (schedule?.status === 'active') markScheduleCanceled(emulator, schedule)
}

function markScheduleCanceled(emulator: Emulator, schedule: StoredSubscriptionSchedule): void {
  const testClock = scheduleClock(schedule)
  schedule.status = 'canceled'
  schedule.canceled_at = emulator.now(testClock)
  schedule.current_phase = null
  emulator.emit('subscription_schedule.canceled', schedule, { testClock })
}

function scheduledSubscription(
  emulator: Emulator,
  schedule: StoredSubscriptionSchedule,
): StoredSubscription | undefined {
  return typeof schedule.subscription === 'string'
    ? emulator.state.find<StoredSubscription>('subscription', schedule.subscription)
    : undefined
}
