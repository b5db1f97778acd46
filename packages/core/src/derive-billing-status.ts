import {
  type AccessLevel,
  type BillingNotice,
  type BillingStatus,
  type BillingSubscription,
  type SubscriptionStatus,
  subscriptionStatuses,
} from './billing-status.js'
import { hashBillingStatus } from './hash-billing-status.js'
import { renewalDiscounts } from './renewal-discounts.js'
import type { StripeSubscriptionLike } from './stripe-subscription-like.js'

export interface BillingPolicy {
  /** Days of full access after a payment fails, counted from `pastDueSince`. Default 7. */
  graceDays?: number
  /** A trial ending within this many days raises the `trial_ending` notice. Default 3. */
  trialEndingDays?: number
}

export interface BillingStatusInput {
  customerId: string | null
  /** The subscription to report; `selectPrimarySubscription` picks one when a customer has several. */
  subscription: StripeSubscriptionLike | null
  /** When the first payment failed or the subscription moved to past_due (the event's time, not receipt time). */
  pastDueSince?: string | Date | null
  /** The latest invoice needs the customer to confirm the payment (3-D Secure). */
  paymentActionRequired?: boolean
  /** `false` makes the trial-ending notice point at the payment method flow. */
  hasDefaultPaymentMethod?: boolean
  syncedAt?: string | Date | null
  /** Display name of the plan; otherwise the expanded product's name or the price nickname. */
  planName?: string | null
}

export const defaultGraceDays = 7
export const defaultTrialEndingDays = 3

const day = 86_400_000

/**
 * Derives what an account may do and what to tell its user, from the Stripe subscription and the
 * failure history the server keeps. Pure: the same input, `now` and policy always give the same
 * status, including the same `version`.
 */
export function deriveBillingStatus(
  input: BillingStatusInput,
  now: Date | number,
  policy: BillingPolicy = {},
): BillingStatus {
  const nowMs = typeof now === 'number' ? now : now.getTime()
  const graceDays = policy.graceDays ?? defaultGraceDays
  const trialEndingDays = policy.trialEndingDays ?? defaultTrialEndingDays
  if (!(graceDays >= 0) || !(trialEndingDays >= 0)) {
    throw new RangeError('BillingPolicy graceDays and trialEndingDays must be numbers of days, 0 or more.')
  }
  const sub = input.subscription
  const subscription = sub ? toBillingSubscription(sub, input) : null

  let access: AccessLevel = 'none'
  let graceUntil: string | null = null
  let notice: BillingNotice | null = null

  if (subscription && sub) {
    const periodEndMs = toMs(subscription.currentPeriodEnd)
    const cancelAtMs = toMs(subscription.cancelAt)
    const trialEndMs = toMs(subscription.trialEnd)
    switch (subscription.status) {
      case 'active':
      case 'trialing': {
        access = 'full'
        const cancelsLater = cancelAtMs !== null && cancelAtMs > nowMs
        if (subscription.cancelAtPeriodEnd || cancelsLater) {
          const ends = [cancelsLater ? cancelAtMs : null, subscription.cancelAtPeriodEnd ? periodEndMs : null].filter(
            (t): t is number => t !== null,
          )
          notice = { kind: 'canceling', until: ends.length ? iso(Math.min(...ends)) : null, flow: null }
        } else if (
          subscription.status === 'trialing' &&
          trialEndMs !== null &&
          trialEndMs > nowMs &&
          trialEndMs - nowMs <= trialEndingDays * day
        ) {
          notice = {
            kind: 'trial_ending',
            until: iso(trialEndMs),
            flow: input.hasDefaultPaymentMethod === false ? 'payment_method_update' : null,
          }
        }
        break
      }
      case 'past_due': {
        const sinceMs = toMs(subscription.pastDueSince) ?? nowMs
        const graceEndMs = sinceMs + graceDays * day
        graceUntil = iso(graceEndMs)
        access = nowMs < graceEndMs ? 'grace' : 'read_only'
        notice = {
          kind: input.paymentActionRequired ? 'action_required' : 'payment_failed',
          until: access === 'grace' ? graceUntil : null,
          flow: 'payment_method_update',
        }
        break
      }
      case 'unpaid':
      case 'incomplete':
        access = 'read_only'
        notice = {
          kind: input.paymentActionRequired ? 'action_required' : 'payment_failed',
          until: null,
          flow: 'payment_method_update',
        }
        break
      case 'canceled':
      case 'incomplete_expired':
        notice = {
          kind: 'ended',
          until: iso(secondsToMs(sub.ended_at ?? null) ?? cancelAtMs ?? periodEndMs),
          flow: null,
        }
        break
      case 'paused':
        break
    }
  }

  const status: Omit<BillingStatus, 'version'> = {
    syncedAt: input.syncedAt ? toIso(input.syncedAt) : null,
    customer: input.customerId ? { id: input.customerId } : null,
    subscription,
    access,
    graceUntil,
    notice,
  }
  return { version: hashBillingStatus(status), ...status }
}

function toBillingSubscription(sub: StripeSubscriptionLike, input: BillingStatusInput): BillingSubscription {
  if (!(subscriptionStatuses as readonly string[]).includes(sub.status)) {
    throw new RangeError(`Unknown Stripe subscription status "${sub.status}" on ${sub.id}.`)
  }
  const status = sub.status as SubscriptionStatus
  const item = sub.items.data[0]
  if (!item) throw new RangeError(`Subscription ${sub.id} has no items.`)
  const price = item.price
  const product = price.product
  const productId = typeof product === 'string' ? product : product.id
  const productName = typeof product === 'string' || product.deleted ? null : (product.name ?? null)
  const periodEnds = sub.items.data.map((i) => i.current_period_end).filter((t): t is number => typeof t === 'number')
  const periodEnd = periodEnds.length > 0 ? Math.max(...periodEnds) : (sub.current_period_end ?? null)
  const failing = status === 'past_due' || status === 'unpaid'
  return {
    id: sub.id,
    status,
    plan: {
      priceId: price.id,
      productId,
      name: input.planName ?? productName ?? price.nickname ?? null,
      amount: price.unit_amount,
      currency: price.currency,
      interval: price.recurring?.interval ?? null,
    },
    quantity: item.quantity ?? 1,
    currentPeriodEnd: iso(secondsToMs(periodEnd)),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: iso(secondsToMs(sub.cancel_at)),
    trialEnd: iso(secondsToMs(sub.trial_end)),
    // Without a recorded failure time, the grace window starts at the renewal that failed.
    pastDueSince: failing
      ? input.pastDueSince
        ? toIso(input.pastDueSince)
        : iso(secondsToMs(periodStart(sub)))
      : null,
    ...renewalDiscounts(sub),
  }
}

function periodStart(sub: StripeSubscriptionLike): number | null {
  const starts = sub.items.data.map((i) => i.current_period_start).filter((t): t is number => typeof t === 'number')
  return starts.length > 0 ? Math.max(...starts) : (sub.current_period_start ?? sub.created)
}

function secondsToMs(seconds: number | null | undefined): number | null {
  return typeof seconds === 'number' ? seconds * 1000 : null
}

function toMs(value: string | null): number | null {
  return value === null ? null : Date.parse(value)
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}

function toIso(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value
  if (Number.isNaN(date.getTime())) throw new RangeError(`Invalid date: ${String(value)}`)
  return date.toISOString()
}
