import { addInterval } from '../billing/billing-period.js'
import type { StoredSubscription } from '../billing/subscription.js'
import { updateSubscription } from '../billing/update-subscription.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import type { StoredPortalConfiguration } from './portal-configuration.js'

/** The intervals a pause can last (the configuration's `interval_options[].interval`). */
export type PauseInterval = 'day' | 'week' | 'month' | 'year'

export interface PauseChoice {
  /** The form value: `indefinite` or `<interval>:<count>`, e.g. `month:1`. */
  value: string
  interval?: PauseInterval
  count?: number
}

/** The pause durations a configuration offers: its preset options, or pausing until the customer resumes. */
export function pauseChoices(config: StoredPortalConfiguration): PauseChoice[] {
  const duration = config.features.subscription_pause.duration
  if (duration.type === 'indefinite') return [{ value: 'indefinite' }]
  return duration.interval_options.map((option) => ({
    value: `${option.interval}:${option.interval_count}`,
    interval: option.interval as PauseInterval,
    count: option.interval_count,
  }))
}

/** Whether the portal offers pausing this subscription: enabled, running, not already paused or ending. */
export function canPauseFromPortal(config: StoredPortalConfiguration, subscription: StoredSubscription): boolean {
  return (
    config.features.subscription_pause.enabled &&
    ['active', 'past_due'].includes(subscription.status) &&
    !subscription.pause_collection &&
    !subscription.cancel_at
  )
}

/**
 * The portal's "Pause subscription": collection pauses with `behavior: void` (nothing is owed for the paused time)
 * until the chosen duration ends, or until the customer resumes.
 */
export function pauseFromPortal(
  emulator: Emulator,
  config: StoredPortalConfiguration,
  subscription: StoredSubscription,
  value: string,
): StoredSubscription {
  const choice = pauseChoices(config).find((c) => c.value === value)
  if (!choice) throw invalidRequest('Choose how long to pause for.', 'duration')
  const now = emulator.now((subscription.test_clock as string | null) ?? null)
  const resumesAt = choice.interval && choice.count ? addInterval(now, choice.interval, choice.count) : undefined
  return updateSubscription(emulator, subscription.id, {
    pauseCollection: { behavior: 'void', ...(resumesAt !== undefined ? { resumesAt } : {}) },
  })
}

/** "Resume subscription": collection resumes now. */
export function unpauseFromPortal(emulator: Emulator, subscription: StoredSubscription): StoredSubscription {
  return updateSubscription(emulator, subscription.id, { pauseCollection: null })
}
