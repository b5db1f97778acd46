import { createdFilter, paginate } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'
import { createSubscriptionSchedule } from '../schedules/create-subscription-schedule.js'
import { cancelSchedule, releaseSchedule } from '../schedules/run-subscription-schedule.js'
import {
  requireSubscriptionSchedule,
  type SchedulePhaseInput,
  type StoredSubscriptionSchedule,
} from '../schedules/subscription-schedule.js'
import { updateSubscriptionSchedule } from '../schedules/update-subscription-schedule.js'

const prorationBehaviors = ['always_invoice', 'create_prorations', 'none'] as const

/** `end_behavior`: the pinned API also lists the legacy `none` and `renew`, which the emulator does not run. */
function readEndBehavior(params: Params): 'release' | 'cancel' | undefined {
  const value = params.enum('end_behavior', ['cancel', 'none', 'release', 'renew'] as const)
  if (value === 'none' || value === 'renew') {
    throw invalidRequest(`The emulator supports end_behavior release or cancel, not ${value}.`, 'end_behavior')
  }
  return value
}

function readTimestampOrNow(params: Params, key: string): number | 'now' | undefined {
  return params.raw[key] === 'now' ? 'now' : params.integer(key)
}

function readPhases(params: Params): SchedulePhaseInput[] | undefined {
  return params.array('phases')?.map((phase, i) => {
    phase.only(['items', 'start_date', 'end_date', 'duration', 'proration_behavior', 'metadata'])
    if (i > 0 && phase.has('start_date')) {
      throw invalidRequest(
        'Only the first phase can set start_date; the others start where the previous one ends.',
        `phases[${i}][start_date]`,
      )
    }
    const items = phase.array('items')
    if (!items || items.length === 0) throw missingParam(`phases[${i}][items]`)
    const duration = phase.object('duration')
    duration?.only(['interval', 'interval_count'])
    const interval = duration?.enum('interval', ['day', 'week', 'month', 'year'] as const)
    if (duration && !interval) throw missingParam(`phases[${i}][duration][interval]`)
    return {
      items: items.map((item, j) => {
        item.only(['price', 'quantity', 'metadata'])
        if (!item.has('price')) throw missingParam(`phases[${i}][items][${j}][price]`)
        return {
          price: item.requiredString('price'),
          quantity: item.integer('quantity'),
          metadata: item.metadata('metadata'),
        }
      }),
      startDate: readTimestampOrNow(phase, 'start_date'),
      endDate: readTimestampOrNow(phase, 'end_date'),
      ...(duration && interval
        ? { duration: { interval, intervalCount: duration.integer('interval_count') ?? 1 } }
        : {}),
      prorationBehavior: phase.enum('proration_behavior', prorationBehaviors),
      metadata: phase.metadata('metadata'),
    }
  })
}

export const subscriptionSchedulesRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/subscription_schedules',
    handler: ({ params, emulator }) => {
      params.only(['customer', 'from_subscription', 'phases', 'start_date', 'end_behavior', 'metadata'])
      return createSubscriptionSchedule(emulator, {
        customer: params.string('customer'),
        fromSubscription: params.string('from_subscription'),
        phases: readPhases(params),
        startDate: readTimestampOrNow(params, 'start_date'),
        endBehavior: readEndBehavior(params),
        metadata: params.metadata(),
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscription_schedules/:id',
    handler: ({ pathParams, emulator }) => requireSubscriptionSchedule(emulator, pathParams.id as string, 'id'),
  },
  {
    method: 'POST',
    pattern: '/v1/subscription_schedules/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['phases', 'end_behavior', 'metadata', 'proration_behavior'])
      params.enum('proration_behavior', prorationBehaviors)
      const schedule = requireSubscriptionSchedule(emulator, pathParams.id as string, 'id')
      return updateSubscriptionSchedule(emulator, schedule, {
        phases: readPhases(params),
        endBehavior: readEndBehavior(params),
        metadata: params.metadata('metadata', schedule.metadata ?? {}),
      })
    },
  },
  {
    method: 'POST',
    pattern: '/v1/subscription_schedules/:id/release',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['preserve_cancel_date'])
      params.boolean('preserve_cancel_date')
      return releaseSchedule(emulator, requireSubscriptionSchedule(emulator, pathParams.id as string, 'id'))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/subscription_schedules/:id/cancel',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['invoice_now', 'prorate'])
      return cancelSchedule(emulator, requireSubscriptionSchedule(emulator, pathParams.id as string, 'id'), {
        invoiceNow: params.boolean('invoice_now'),
        prorate: params.boolean('prorate'),
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscription_schedules',
    handler: ({ params, emulator }) => {
      params.only([
        'customer',
        'created',
        'canceled_at',
        'completed_at',
        'released_at',
        'scheduled',
        'limit',
        'starting_after',
        'ending_before',
      ])
      const customer = params.string('customer')
      const scheduled = params.boolean('scheduled')
      const timestamps = ['created', 'canceled_at', 'completed_at', 'released_at'].map((key) =>
        createdFilter(params, key),
      )
      const items = emulator.state.list<StoredSubscriptionSchedule>(
        'subscription_schedule',
        (s) =>
          (customer === undefined || s.customer === customer) &&
          (scheduled === undefined || (s.status === 'not_started') === scheduled) &&
          timestamps.every((matches) => matches(s)),
      )
      return paginate(items, params, '/v1/subscription_schedules')
    },
  },
]
