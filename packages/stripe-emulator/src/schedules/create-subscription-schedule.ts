import { createSubscription } from '../billing/create-subscription.js'
import { requireSubscription } from '../billing/subscription.js'
import { currentPeriod } from '../billing/subscription-items.js'
import { endedStatuses } from '../billing/subscription-statuses.js'
import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'
import {
  buildPhases,
  phaseAt,
  type SchedulePhaseInput,
  type StoredSubscriptionSchedule,
  scheduleClock,
} from './subscription-schedule.js'

export interface CreateSubscriptionScheduleInput {
  customer?: string
  fromSubscription?: string
  phases?: SchedulePhaseInput[]
  startDate?: number | 'now'
  endBehavior?: 'release' | 'cancel'
  metadata?: Record<string, string>
}

/**
 * `POST /v1/subscription_schedules`: either adopts a running subscription (`from_subscription`, one phase for its
 * current period), or starts a subscription from `phases` for a customer, now or at `start_date`.
 * Emits subscription_schedule.created (and the subscription's events).
 */
export function createSubscriptionSchedule(
  emulator: Emulator,
  input: CreateSubscriptionScheduleInput,
): StoredSubscriptionSchedule {
  if (input.fromSubscription !== undefined) {
    for (const [key, given] of [
      ['customer', input.customer],
      ['phases', input.phases],
      ['start_date', input.startDate],
    ] as const) {
      if (given !== undefined) {
        throw invalidRequest(`You cannot set \`${key}\` if \`from_subscription\` is set.`, key, 'parameters_exclusive')
      }
    }
    return adoptSubscription(emulator, input.fromSubscription, input)
  }
  if (input.customer === undefined) throw missingParam('customer')
  if (!input.phases || input.phases.length === 0) throw missingParam('phases')
  const customer = requireCustomer(emulator, input.customer, 'customer')
  const testClock = (customer.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  const start = input.startDate === undefined || input.startDate === 'now' ? now : input.startDate
  const schedule = newSchedule(emulator, customer.id, testClock, input, now)
  schedule.phases = buildPhases(emulator, input.phases, start, now)
  emulator.state.insert(schedule)
  emulator.emit('subscription_schedule.created', schedule, { testClock })
  if (start <= now) startSchedule(emulator, schedule)
  return schedule
}

/** A `not_started` schedule whose first phase begins: its subscription is created from that phase. */
export function startSchedule(emulator: Emulator, schedule: StoredSubscriptionSchedule): void {
  const first = schedule.phases[0]
  if (!first) return
  const testClock = scheduleClock(schedule)
  const subscription = createSubscription(emulator, {
    customer: schedule.customer as string,
    items: first.items.map((item) => ({
      price: item.price as string,
      ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
      metadata: item.metadata ?? {},
    })),
    metadata: first.metadata ?? {},
    schedule: schedule.id,
  })
  const scheduleBefore = structuredClone(schedule)
  schedule.status = 'active'
  schedule.subscription = subscription.id
  schedule.current_phase = { start_date: first.start_date, end_date: first.end_date }
  emitUpdate(emulator, 'subscription_schedule.updated', scheduleBefore, schedule, testClock)
}

function adoptSubscription(
  emulator: Emulator,
  subscriptionId: string,
  input: CreateSubscriptionScheduleInput,
): StoredSubscriptionSchedule {
  const subscription = requireSubscription(emulator, subscriptionId, 'from_subscription')
  if (subscription.schedule) {
    throw invalidRequest(
      `You cannot migrate a subscription that is already attached to a schedule: \`${subscription.schedule}\`.`,
      'from_subscription',
    )
  }
  if (endedStatuses.includes(subscription.status)) {
    throw invalidRequest(
      `You cannot migrate a subscription with status \`${subscription.status}\` to a schedule.`,
      'from_subscription',
    )
  }
  const testClock = (subscription.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  const period = currentPeriod(subscription)
  const schedule = newSchedule(emulator, subscription.customer as string, testClock, input, now)
  schedule.phases = buildPhases(
    emulator,
    [
      {
        items: subscription.items.data.map((item) => ({
          price: item.price.id,
          ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
          metadata: item.metadata,
        })),
        endDate: period.end,
      },
    ],
    period.start,
    now,
  )
  schedule.status = 'active'
  schedule.subscription = subscription.id
  const current = phaseAt(schedule, now) ?? schedule.phases[0]
  schedule.current_phase = current ? { start_date: current.start_date, end_date: current.end_date } : null
  emulator.state.insert(schedule)
  emulator.emit('subscription_schedule.created', schedule, { testClock })
  const before = structuredClone(subscription)
  subscription.schedule = schedule.id
  emitUpdate(emulator, 'customer.subscription.updated', before, subscription, testClock)
  return schedule
}

function newSchedule(
  emulator: Emulator,
  customer: string,
  testClock: string | null,
  input: CreateSubscriptionScheduleInput,
  now: number,
): StoredSubscriptionSchedule {
  return {
    id: emulator.state.newId('sub_sched'),
    object: 'subscription_schedule',
    application: null,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: now },
    canceled_at: null,
    completed_at: null,
    created: now,
    current_phase: null,
    customer,
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: 'automatic',
      billing_thresholds: null,
      collection_method: 'charge_automatically',
      default_payment_method: null,
      description: null,
      invoice_settings: {
        account_tax_ids: null,
        custom_fields: null,
        days_until_due: null,
        description: null,
        footer: null,
        issuer: { type: 'self' },
      },
      on_behalf_of: null,
      transfer_data: null,
    },
    end_behavior: input.endBehavior ?? 'release',
    livemode: false,
    metadata: input.metadata ?? {},
    pause_schedules: [],
    phases: [],
    released_at: null,
    released_subscription: null,
    status: 'not_started',
    subscription: null,
    test_clock: testClock,
  }
}
