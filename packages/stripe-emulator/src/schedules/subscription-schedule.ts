import type Stripe from 'stripe'
import { addInterval } from '../billing/billing-period.js'
import { requireQuantity, requireSubscribablePrice } from '../billing/subscription-prices.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredSubscriptionSchedule = Stripe.SubscriptionSchedule & StoredObject
export type SchedulePhase = Stripe.SubscriptionSchedule.Phase
export type ScheduleProrationBehavior = 'always_invoice' | 'create_prorations' | 'none'

/** One phase as a request gives it: `start_date` only on the first, an end from `end_date`, `duration` or one period. */
export interface SchedulePhaseInput {
  items: { price: string; quantity?: number; metadata?: Record<string, string> }[]
  startDate?: number | 'now'
  endDate?: number | 'now'
  duration?: { interval: Stripe.Price.Recurring.Interval; intervalCount: number }
  prorationBehavior?: ScheduleProrationBehavior
  metadata?: Record<string, string>
  /** Coupons or promotion codes the subscription gets when the phase starts (redeemed then). */
  discounts?: { coupon: string | null; promotion_code: string | null }[]
}

/** Returns a subscription schedule or throws Stripe's 404. */
export function requireSubscriptionSchedule(
  emulator: Emulator,
  id: string,
  param = 'schedule',
): StoredSubscriptionSchedule {
  const schedule = emulator.state.find<StoredSubscriptionSchedule>('subscription_schedule', id)
  if (!schedule) throw noSuchResource('subscription_schedule', id, param)
  return schedule
}

/** Stripe refuses to change a schedule that has ended: released, completed or canceled. */
export function requireSchedulePending(schedule: StoredSubscriptionSchedule, action: string): void {
  if (schedule.status === 'not_started' || schedule.status === 'active') return
  throw invalidRequest(
    `You cannot ${action} a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in \`not_started\` or \`active\`.`,
    undefined,
    null,
  )
}

/**
 * Turns requested phases into stored ones, each starting where the previous one ends. Prices must exist, be recurring
 * and share a currency; a phase without `end_date` or `duration` lasts one billing period of its first price.
 */
export function buildPhases(
  emulator: Emulator,
  inputs: SchedulePhaseInput[],
  firstStart: number,
  now: number,
): SchedulePhase[] {
  if (inputs.length === 0) throw invalidRequest('A subscription schedule needs at least one phase.', 'phases')
  let start = firstStart
  return inputs.map((input, i) => {
    if (input.items.length === 0) throw invalidRequest('Each phase needs at least one item.', `phases[${i}][items]`)
    const items = input.items.map((item, j) => {
      const price = requireSubscribablePrice(emulator, item.price, `phases[${i}][items][${j}][price]`)
      return { price, quantity: requireQuantity(item.quantity, `phases[${i}][items][${j}][quantity]`), item }
    })
    const first = items[0]?.price
    const recurring = first?.recurring as Stripe.Price.Recurring
    if (input.endDate !== undefined && input.duration !== undefined) {
      throw invalidRequest(
        'You may only specify one of these parameters: end_date, duration.',
        `phases[${i}][end_date]`,
        'parameters_exclusive',
      )
    }
    const end =
      input.endDate === 'now'
        ? now
        : (input.endDate ??
          (input.duration
            ? addInterval(start, input.duration.interval, input.duration.intervalCount)
            : addInterval(start, recurring.interval, recurring.interval_count)))
    if (end <= start) {
      throw invalidRequest(
        `The phase end date must be after its start date (${start}).`,
        `phases[${i}][end_date]`,
        null,
      )
    }
    const phase: SchedulePhase = {
      add_invoice_items: [],
      application_fee_percent: null,
      billing_cycle_anchor: null,
      billing_thresholds: null,
      collection_method: null,
      currency: first?.currency ?? 'usd',
      default_payment_method: null,
      default_tax_rates: [],
      description: null,
      discounts: (input.discounts ?? []).map((d) => ({
        coupon: d.coupon,
        discount: null,
        promotion_code: d.promotion_code,
      })),
      end_date: end,
      invoice_settings: null,
      items: items.map(({ price, quantity, item }) => ({
        billing_thresholds: null,
        discounts: [],
        metadata: item.metadata ?? {},
        plan: price.id,
        price: price.id,
        quantity,
        tax_rates: [],
      })),
      metadata: input.metadata ?? {},
      on_behalf_of: null,
      proration_behavior: input.prorationBehavior ?? 'create_prorations',
      start_date: start,
      transfer_data: null,
      trial_end: null,
    }
    start = end
    return phase
  })
}

/** The phase that runs at `at`, if any. */
export function phaseAt(schedule: StoredSubscriptionSchedule, at: number): SchedulePhase | undefined {
  return schedule.phases.find((phase) => phase.start_date <= at && at < phase.end_date)
}

/** The phase after the one running at `at`: the change the schedule will make next. */
export function nextPhase(schedule: StoredSubscriptionSchedule, at: number): SchedulePhase | undefined {
  return schedule.phases.find((phase) => phase.start_date > at)
}

export function scheduleClock(schedule: StoredSubscriptionSchedule): string | null {
  return (schedule.test_clock as string | null) ?? null
}
