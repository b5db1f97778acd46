import { runDueWork } from '../billing/advance-clock.js'
import type { Emulator } from '../emulator.js'
import { subscriptionScheduleWork } from '../schedules/run-subscription-schedule.js'

export interface SchedulerSettings {
  /** How often due work is looked for. Default 1000 ms. */
  intervalMs: number
}

export interface DueWorkScheduler {
  stop(): void
}

/**
 * Renews, retries and ends subscriptions that are on no test clock as real time reaches them (test clocks move
 * only when advanced). One failing step is logged and retried on the next tick.
 */
export function startDueWorkScheduler(emulator: Emulator, settings: SchedulerSettings): DueWorkScheduler {
  let failed = false
  const timer = setInterval(() => {
    try {
      if (runDueWork(emulator, Math.floor(Date.now() / 1000), [subscriptionScheduleWork]) > 0) emulator.changed()
      failed = false
    } catch (error) {
      if (!failed) console.error('[stripe-emulator] scheduled work failed', error)
      failed = true
    }
  }, settings.intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
