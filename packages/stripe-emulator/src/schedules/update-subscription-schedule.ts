import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { startSchedule } from './create-subscription-schedule.js'
import {
  buildPhases,
  phaseAt,
  requireSchedulePending,
  type SchedulePhaseInput,
  type StoredSubscriptionSchedule,
  scheduleClock,
} from './subscription-schedule.js'

export interface UpdateSubscriptionScheduleInput {
  phases?: SchedulePhaseInput[]
  endBehavior?: 'release' | 'cancel'
  metadata?: Record<string, string>
}

/**
 * `POST /v1/subscription_schedules/:id`: `phases` replaces every phase (an active schedule's first phase keeps the
 * current phase's start, which cannot move; a `not_started` one keeps its start unless given, and starts at once
 * when that time has come); `end_behavior` and `metadata` as given. The new phases take effect at
 * their start: changing the running phase's items is not applied to the subscription until the next phase.
 * Emits subscription_schedule.updated.
 */
export function updateSubscriptionSchedule(
  emulator: Emulator,
  schedule: StoredSubscriptionSchedule,
  input: UpdateSubscriptionScheduleInput,
): StoredSubscriptionSchedule {
  requireSchedulePending(schedule, 'update')
  const testClock = scheduleClock(schedule)
  const now = emulator.now(testClock)
  const before = structuredClone(schedule)
  if (input.phases) {
    const running = schedule.status === 'active' ? schedule.current_phase : null
    const requestedStart = input.phases[0]?.startDate
    const start =
      requestedStart === 'now'
        ? (running?.start_date ?? now)
        : (requestedStart ?? running?.start_date ?? schedule.phases[0]?.start_date ?? now)
    if (running && start !== running.start_date) {
      throw invalidRequest('You can not modify the start date of the current phase.', 'phases[0][start_date]', null)
    }
    schedule.phases = buildPhases(emulator, input.phases, start, now)
    if (running) {
      const current = phaseAt(schedule, now)
      if (!current) {
        throw invalidRequest('The current phase must end in the future.', 'phases[0][end_date]', null)
      }
      schedule.current_phase = { start_date: current.start_date, end_date: current.end_date }
    }
  }
  if (input.endBehavior) schedule.end_behavior = input.endBehavior
  if (input.metadata) schedule.metadata = input.metadata
  emitUpdate(emulator, 'subscription_schedule.updated', before, schedule, testClock)
  const first = schedule.phases[0]
  if (schedule.status === 'not_started' && first && first.start_date <= now) startSchedule(emulator, schedule)
  return schedule
}
