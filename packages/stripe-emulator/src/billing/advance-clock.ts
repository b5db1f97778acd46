import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import type { StoredObject } from '../state/emulator-state.js'
import { autoAdvanceInvoice } from './auto-advance-invoice.js'
import { addInterval } from './billing-period.js'
import { type StoredInvoice, voidInvoice } from './create-invoice.js'
import { endSubscription } from './end-subscription.js'
import { resumeCollection } from './pause-collection.js'
import { payInvoice } from './pay-invoice.js'
import { endTrial, recurringOf, renewSubscription } from './renew-subscription.js'
import { openInvoicesOf, subscriptionAfterMissedDueDate, unpaidDueDate } from './settle-subscription.js'
import { incompleteExpiresAt, type StoredSubscription } from './subscription.js'
import { currentPeriod } from './subscription-items.js'
import { sendTrialWillEnd, trialWillEndDueAt } from './trial-will-end.js'

export type StoredTestClock = Stripe.TestHelpers.TestClock & StoredObject

interface DueWork {
  at: number
  /**
   * Order of things due at the same second: notices, trial ends, retries, due dates passed (2.5), cancellations,
   * schedule phases (3.5),
   * collection resuming (3.6), renewals, expiry.
   */
  rank: number
  run: () => void
}

/**
 * Work of a capability above billing (subscription schedules) that falls due on a clock: it calls `consider` with
 * each thing due, its time and its rank among the ranks above (3.5 runs after cancellations, before renewals).
 */
export type DueWorkSource = (
  emulator: Emulator,
  clockId: string | null,
  consider: (at: number, rank: number, run: () => void) => void,
) => void

const maxSteps = 100_000

/**
 * Moves a test clock to `to`, running in time order everything that falls due on the way (trial notices and ends,
 * renewals, payment retries, scheduled cancellations, expiry of incomplete subscriptions, auto-advancing drafts). The clock's
 * `frozen_time` follows each step, so objects and events carry the time they happened at. Runs synchronously.
 */
export function advanceClock(
  emulator: Emulator,
  clock: StoredTestClock,
  to: number,
  sources: DueWorkSource[] = [],
): void {
  for (let step = 0; step < maxSteps; step++) {
    const work = nextDueWork(emulator, clock.id, to, sources)
    if (!work) {
      clock.frozen_time = to
      return
    }
    if (work.at > clock.frozen_time) clock.frozen_time = work.at
    work.run()
  }
  throw new Error(`test clock ${clock.id} did not settle within ${maxSteps} steps`)
}

/**
 * Runs, in time order, the work that is due by `now` for objects on no test clock: what Stripe does in real time.
 * Returns how many steps ran.
 */
export function runDueWork(emulator: Emulator, now: number, sources: DueWorkSource[] = []): number {
  for (let step = 0; step < maxSteps; step++) {
    const work = nextDueWork(emulator, null, now, sources)
    if (!work) return step
    work.run()
  }
  throw new Error(`due work did not settle within ${maxSteps} steps`)
}

/** Stripe's limit: at most two intervals of the shortest subscription on the clock, or two years without any. */
export function latestAdvanceTime(emulator: Emulator, clock: StoredTestClock): number {
  let limit = addInterval(clock.frozen_time, 'year', 2)
  for (const subscription of clockSubscriptions(emulator, clock.id)) {
    if (['canceled', 'incomplete_expired'].includes(subscription.status)) continue
    const recurring = recurringOf(subscription)
    limit = Math.min(limit, addInterval(clock.frozen_time, recurring.interval, 2 * recurring.interval_count))
  }
  return limit
}

function nextDueWork(
  emulator: Emulator,
  clockId: string | null,
  to: number,
  sources: DueWorkSource[],
): DueWork | undefined {
  let best: DueWork | undefined
  const consider = (at: number, rank: number, run: () => void) => {
    if (at > to) return
    if (!best || at < best.at || (at === best.at && rank < best.rank)) best = { at, rank, run }
  }
  for (const subscription of clockSubscriptions(emulator, clockId)) {
    const cancelAt = subscription.cancel_at
    if (subscription.status === 'trialing' && subscription.trial_end !== null) {
      const noticeAt = trialWillEndDueAt(emulator, subscription)
      if (noticeAt !== undefined) consider(noticeAt, 0, () => sendTrialWillEnd(emulator, subscription))
      if (cancelAt !== null && cancelAt <= subscription.trial_end) {
        consider(cancelAt, 3, () => endSubscription(emulator, subscription, 'cancellation_requested'))
      } else {
        consider(subscription.trial_end, 1, () => endTrial(emulator, subscription, 'subscription_cycle'))
      }
    } else if (['active', 'past_due', 'unpaid'].includes(subscription.status)) {
      const periodEnd = currentPeriod(subscription).end
      if (cancelAt !== null && cancelAt <= periodEnd) {
        consider(cancelAt, 3, () => endSubscription(emulator, subscription, 'cancellation_requested'))
      } else {
        consider(periodEnd, 4, () => renewSubscription(emulator, subscription))
      }
    } else if (subscription.status === 'incomplete') {
      consider(incompleteExpiresAt(subscription), 5, () => expireIncomplete(emulator, subscription))
    }
    const resumesAt = subscription.pause_collection?.resumes_at
    if (resumesAt && !['canceled', 'incomplete_expired'].includes(subscription.status)) {
      consider(resumesAt, 3.6, () => resumeCollection(emulator, subscription))
    }
  }
  for (const invoice of emulator.state.listWhere<StoredInvoice>(
    'invoice',
    'test_clock',
    clockId,
    (i) => i.status === 'open' && i.next_payment_attempt !== null,
  )) {
    consider(invoice.next_payment_attempt as number, 2, () => payInvoice(emulator, invoice, { automatic: true }))
  }
  for (const invoice of emulator.state.listWhere<StoredInvoice>(
    'invoice',
    'test_clock',
    clockId,
    (i) => unpaidDueDate(emulator, i) !== undefined,
  )) {
    consider(unpaidDueDate(emulator, invoice) as number, 2.5, () => subscriptionAfterMissedDueDate(emulator, invoice))
  }
  for (const draft of emulator.state.listWhere<StoredInvoice>(
    'invoice',
    'test_clock',
    clockId,
    (i) => i.status === 'draft' && i.automatically_finalizes_at !== null,
  )) {
    consider(draft.automatically_finalizes_at as number, 6, () => autoAdvanceInvoice(emulator, draft))
  }
  for (const source of sources) source(emulator, clockId, consider)
  return best
}

/** An `incomplete` subscription whose first invoice stayed unpaid for 23 hours: its invoice is voided, it ends. */
function expireIncomplete(emulator: Emulator, subscription: StoredSubscription): void {
  const testClock = (subscription.test_clock as string | null) ?? null
  for (const invoice of openInvoicesOf(emulator, subscription)) voidInvoice(emulator, invoice)
  const before = structuredClone(subscription)
  subscription.status = 'incomplete_expired'
  subscription.ended_at = emulator.now(testClock)
  emitUpdate(emulator, 'customer.subscription.updated', before, subscription, testClock)
}

function clockSubscriptions(emulator: Emulator, clockId: string | null): StoredSubscription[] {
  return emulator.state.listWhere<StoredSubscription>('subscription', 'test_clock', clockId)
}
