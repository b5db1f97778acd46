import { type BillingStatus, defaultTrialEndingDays } from '@portal-kit/core'
import type { BillingContext } from '../billing-context.js'
import { setMostRecent } from '../set-most-recent.js'

/** The version a status was built with, from which store revision, and until when time alone keeps it. */
export interface KnownStatusVersion {
  revision: string
  version: string
  /** Epoch ms at which the same rows may derive another status (a grace period or trial notice starts or ends). */
  validUntil: number
}

const maxAccounts = 10_000
const known = new WeakMap<BillingContext, Map<string, KnownStatusVersion>>()

/**
 * The last status version built for each account in this process, so a conditional request is
 * answered from `statusRevision` alone. Only a hint: a revision read from the store must still
 * match, so another instance's writes are seen at once. The oldest entries go past 10,000 accounts.
 */
export function statusVersions(ctx: BillingContext): Map<string, KnownStatusVersion> {
  let map = known.get(ctx)
  if (!map) {
    map = new Map()
    known.set(ctx, map)
  }
  return map
}

export function rememberStatusVersion(
  ctx: BillingContext,
  accountId: string,
  revision: string,
  status: BillingStatus,
  now: number,
): void {
  const map = statusVersions(ctx)
  map.delete(accountId)
  const validUntil = statusValidUntil(status, ctx.options.policy?.trialEndingDays ?? defaultTrialEndingDays, now)
  if (validUntil <= now) return
  setMostRecent(map, accountId, { revision, version: status.version, validUntil }, maxAccounts)
}

const day = 24 * 60 * 60 * 1000

/**
 * The first instant after `now` at which `deriveBillingStatus` could answer differently for the
 * same stored rows: a cancel date passing, the trial-ending notice starting or the trial ending, the
 * grace period ending. A past-due status without a failure time has none (its grace moves with now).
 */
function statusValidUntil(status: BillingStatus, trialEndingDays: number, now: number): number {
  const sub = status.subscription
  if (!sub) return Number.POSITIVE_INFINITY
  if (sub.status === 'past_due' && sub.pastDueSince === null) return now
  const instants = [
    sub.cancelAt,
    sub.trialEnd,
    sub.trialEnd === null ? null : new Date(Date.parse(sub.trialEnd) - trialEndingDays * day).toISOString(),
    status.graceUntil,
  ]
  let until = Number.POSITIVE_INFINITY
  for (const instant of instants) {
    const ms = instant === null ? Number.NaN : Date.parse(instant)
    if (ms > now && ms < until) until = ms
  }
  return until
}
