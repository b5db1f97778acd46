import type { Emulator } from '../emulator.js'
import type { StoredSubscription } from './subscription.js'

interface TrialNoticeState extends Record<string, unknown> {
  trialWillEndSentFor?: number
}

/**
 * When customer.subscription.trial_will_end is due: `settings.trialWillEndDays` before the trial ends, once per
 * trial end. As on Stripe, a trial shorter than that gets it when it starts.
 */
export function trialWillEndDueAt(emulator: Emulator, subscription: StoredSubscription): number | undefined {
  if (subscription.status !== 'trialing' || subscription.trial_end === null) return undefined
  const sent = emulator.state.hidden<TrialNoticeState>(subscription.id).trialWillEndSentFor
  if (sent === subscription.trial_end) return undefined
  const due = subscription.trial_end - emulator.settings.trialWillEndDays * 86_400
  return Math.max(due, subscription.trial_start ?? 0)
}

/** Sends trial_will_end now if it is already due (a short trial, or a trial end moved closer). */
export function sendTrialWillEndIfDue(emulator: Emulator, subscription: StoredSubscription): void {
  const due = trialWillEndDueAt(emulator, subscription)
  if (due !== undefined && due <= emulator.now((subscription.test_clock as string | null) ?? null)) {
    sendTrialWillEnd(emulator, subscription)
  }
}

export function sendTrialWillEnd(emulator: Emulator, subscription: StoredSubscription): void {
  emulator.state.hidden<TrialNoticeState>(subscription.id).trialWillEndSentFor = subscription.trial_end ?? undefined
  emulator.emit('customer.subscription.trial_will_end', subscription, {
    testClock: (subscription.test_clock as string | null) ?? null,
  })
}
