import { advanceClock, latestAdvanceTime, type StoredTestClock } from '../billing/advance-clock.js'
import { cancelSubscriptionsOfDeletedCustomer } from '../billing/cancel-subscription.js'
import type { StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { paginate } from '../http/paginate.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import { subscriptionScheduleWork } from '../schedules/run-subscription-schedule.js'

export type { StoredTestClock } from '../billing/advance-clock.js'

const thirtyDays = 30 * 86_400

/** Returns a test clock or throws Stripe's 404. */
export function requireTestClock(emulator: Emulator, id: string, param = 'test_clock'): StoredTestClock {
  const clock = emulator.state.find<StoredTestClock>('test_helpers.test_clock', id)
  if (!clock) throw noSuchResource('test_helpers.test_clock', id, param)
  return clock
}

/**
 * Deletes a clock and, as Stripe does, everything on it: its customers are deleted (their subscriptions
 * canceled first, so customer.subscription.deleted and customer.deleted are sent) and their objects removed.
 */
function deleteTestClock(emulator: Emulator, clock: StoredTestClock): void {
  for (const customer of emulator.state.listWhere<StoredCustomer>('customer', 'test_clock', clock.id)) {
    cancelSubscriptionsOfDeletedCustomer(emulator, customer.id)
    emulator.emit('customer.deleted', customer, { testClock: clock.id })
    for (const type of ['subscription', 'invoice', 'invoiceitem', 'payment_method']) {
      for (const obj of emulator.state.listWhere(type, 'customer', customer.id)) emulator.state.remove(obj.id)
    }
    emulator.state.remove(customer.id)
    emulator.state.insert({ id: customer.id, object: 'customer', deleted: true })
  }
  emulator.emit('test_helpers.test_clock.deleted', clock)
  emulator.state.remove(clock.id)
}

export const testClocksRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/test_helpers/test_clocks',
    handler: ({ params, emulator }) => {
      params.only(['frozen_time', 'name'])
      const frozenTime = params.integer('frozen_time')
      if (frozenTime === undefined)
        throw invalidRequest('Missing required param: frozen_time.', 'frozen_time', 'parameter_missing')
      const created = emulator.now()
      const clock: StoredTestClock = {
        id: emulator.state.newId('clock'),
        object: 'test_helpers.test_clock',
        created,
        deletes_after: created + thirtyDays,
        frozen_time: frozenTime,
        livemode: false,
        name: params.string('name') ?? null,
        status: 'ready',
        status_details: {},
      }
      emulator.state.insert(clock)
      emulator.emit('test_helpers.test_clock.created', clock)
      return clock
    },
  },
  {
    method: 'GET',
    pattern: '/v1/test_helpers/test_clocks/:id',
    handler: ({ pathParams, emulator }) => requireTestClock(emulator, pathParams.id as string, 'test_clock'),
  },
  {
    method: 'GET',
    pattern: '/v1/test_helpers/test_clocks',
    handler: ({ params, emulator }) => {
      params.only(['limit', 'starting_after', 'ending_before'])
      const clocks = emulator.state.list<StoredTestClock>('test_helpers.test_clock')
      return paginate(clocks, params, '/v1/test_helpers/test_clocks')
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/test_helpers/test_clocks/:id',
    handler: ({ pathParams, emulator }) => {
      const clock = requireTestClock(emulator, pathParams.id as string, 'test_clock')
      deleteTestClock(emulator, clock)
      return { id: clock.id, object: 'test_helpers.test_clock', deleted: true }
    },
  },
  {
    /**
     * Stripe advances asynchronously (status `advancing`, then `ready`); the emulator does all the work within this
     * request and answers `ready`, so a client polling for `ready` works unchanged.
     */
    method: 'POST',
    pattern: '/v1/test_helpers/test_clocks/:id/advance',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['frozen_time'])
      const clock = requireTestClock(emulator, pathParams.id as string, 'test_clock')
      const to = params.integer('frozen_time')
      if (to === undefined)
        throw invalidRequest('Missing required param: frozen_time.', 'frozen_time', 'parameter_missing')
      if (to <= clock.frozen_time) {
        throw invalidRequest(
          `The frozen_time (${to}) must be after the test clock's current frozen_time (${clock.frozen_time}).`,
          'frozen_time',
        )
      }
      const limit = latestAdvanceTime(emulator, clock)
      if (to > limit) {
        throw invalidRequest(
          `Cannot advance the test clock more than two intervals of its shortest subscription (or two years without one): the latest frozen_time now is ${limit}.`,
          'frozen_time',
        )
      }
      clock.status = 'advancing'
      clock.status_details = { advancing: { target_frozen_time: to } }
      emulator.emit('test_helpers.test_clock.advancing', clock)
      try {
        advanceClock(emulator, clock, to, [subscriptionScheduleWork])
      } catch (error) {
        clock.status = 'internal_failure'
        throw error
      }
      clock.status = 'ready'
      clock.status_details = {}
      emulator.emit('test_helpers.test_clock.ready', clock)
      return clock
    },
  },
]
