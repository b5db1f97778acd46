import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { addInterval } from './billing-period.js'
import type { InvoiceLineInput } from './create-invoice.js'
import { billedItems, computeProrations, prorationLine } from './prorate.js'
import type { StoredSubscription } from './subscription.js'

/** `billing_cycle_anchor_config` as `subscriptions.create` takes it. */
export interface BillingCycleAnchorConfigInput {
  dayOfMonth: number
  month?: number
  hour?: number
  minute?: number
  second?: number
}

/** How a new subscription sets its billing cycle: a fixed anchor, or one found from a config; and how it bills up to it. */
export interface AnchorInput {
  billingCycleAnchor?: number
  billingCycleAnchorConfig?: BillingCycleAnchorConfigInput
  /** The stretch before the anchor: billed pro rata (Stripe's default), or free with `none`. */
  prorationBehavior?: 'always_invoice' | 'create_prorations' | 'none'
}

/** Where a new subscription's billing cycle is anchored, and the stretch it bills before the anchor. */
export interface FirstBillingCycle {
  anchor: number
  config: Stripe.Subscription.BillingCycleAnchorConfig | null
  /**
   * From the first paid moment (now, or the end of the trial) to a later anchor: billed as the share of the whole
   * period ending at the anchor, or free. Null when the cycle starts at that moment.
   */
  stub: { start: number; end: number; free: boolean } | null
}

/** Hidden on a subscription whose trial ends before its anchor: how to bill the stretch between them. */
export interface StubAfterTrial extends Record<string, unknown> {
  stubToAnchor?: { free: boolean }
}

const configRanges = {
  dayOfMonth: ['day_of_month', 1, 31],
  month: ['month', 1, 12],
  hour: ['hour', 0, 23],
  minute: ['minute', 0, 59],
  second: ['second', 0, 59],
} as const

/**
 * The billing cycle of a subscription about to be created, with Stripe's rules: an anchor in the future, not before
 * the trial ends and not after the next natural billing date (one interval after the first paid moment); a config
 * (mutually exclusive with an anchor, monthly and yearly prices only) anchors at the next matching moment after it,
 * its time of day defaulting to that moment's.
 */
export function firstBillingCycle(
  input: AnchorInput,
  at: { now: number; trialEnd: number | undefined; recurring: Stripe.Price.Recurring },
  anchorParam = 'billing_cycle_anchor',
): FirstBillingCycle {
  const paidFrom = at.trialEnd ?? at.now
  const { billingCycleAnchor, billingCycleAnchorConfig } = input
  if (billingCycleAnchor !== undefined && billingCycleAnchorConfig !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: billing_cycle_anchor, billing_cycle_anchor_config.',
      'billing_cycle_anchor',
      'parameters_exclusive',
    )
  }
  if (billingCycleAnchor === undefined && billingCycleAnchorConfig === undefined) {
    return { anchor: paidFrom, config: null, stub: null }
  }
  const { interval, interval_count: count } = at.recurring
  let anchor: number
  let config: Stripe.Subscription.BillingCycleAnchorConfig | null = null
  if (billingCycleAnchorConfig) {
    if (interval !== 'month' && interval !== 'year') {
      throw invalidRequest(
        'billing_cycle_anchor_config is only supported for prices with a monthly or yearly interval.',
        'billing_cycle_anchor_config',
      )
    }
    checkConfigRanges(billingCycleAnchorConfig)
    anchor = nextMatchingMoment(billingCycleAnchorConfig, paidFrom)
    config = {
      day_of_month: billingCycleAnchorConfig.dayOfMonth,
      hour: billingCycleAnchorConfig.hour ?? null,
      minute: billingCycleAnchorConfig.minute ?? null,
      month: billingCycleAnchorConfig.month ?? null,
      second: billingCycleAnchorConfig.second ?? null,
    }
  } else {
    anchor = billingCycleAnchor as number
    if (anchor <= at.now) {
      throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', anchorParam)
    }
    if (anchor < paidFrom) throw invalidRequest('billing_cycle_anchor cannot be earlier than trial_end.', anchorParam)
  }
  const natural = addInterval(paidFrom, interval, count)
  if (anchor > natural) {
    throw invalidRequest(
      `billing_cycle_anchor cannot be later than next natural billing date (${natural}) for plan`,
      config ? 'billing_cycle_anchor_config' : anchorParam,
    )
  }
  const free = input.prorationBehavior === 'none'
  return { anchor, config, stub: anchor > paidFrom ? { start: paidFrom, end: anchor, free } : null }
}

function checkConfigRanges(config: BillingCycleAnchorConfigInput): void {
  for (const [key, [param, min, max]] of Object.entries(configRanges)) {
    const value = config[key as keyof BillingCycleAnchorConfigInput]
    if (value === undefined) continue
    const name = `billing_cycle_anchor_config[${param}]`
    if (value < min) throw invalidRequest(`This value must be greater than or equal to ${min}.`, name)
    if (value > max) throw invalidRequest(`This value must be less than or equal to ${max}.`, name)
  }
}

/**
 * The first moment after `after` on the config's day of month (the month's last day when it is shorter), in its month
 * when it names one, at its time of day (UTC), each part it leaves out taken from `after`.
 */
function nextMatchingMoment(config: BillingCycleAnchorConfigInput, after: number): number {
  const from = new Date(after * 1000)
  const time = [
    config.hour ?? from.getUTCHours(),
    config.minute ?? from.getUTCMinutes(),
    config.second ?? from.getUTCSeconds(),
  ] as const
  for (let k = 0; k <= 24; k++) {
    const year = from.getUTCFullYear() + Math.floor((from.getUTCMonth() + k) / 12)
    const month = (from.getUTCMonth() + k) % 12
    if (config.month !== undefined && month !== config.month - 1) continue
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
    const moment = Date.UTC(year, month, Math.min(config.dayOfMonth, lastDay), ...time) / 1000
    if (moment > after) return moment
  }
  throw new Error('no matching moment within two years')
}

/**
 * The lines that bill a subscription's stretch up to its anchor: each item's share of the whole period ending at the
 * anchor (its day of month kept as the cycle keeps it), or nothing when the stretch is free. Worded as the remaining
 * time of a change made at the stretch's start, but billed as the subscription's own charge, not as a proration of a
 * change, so the subscription's discounts come off it as off any period it bills.
 */
export function stubLines(
  emulator: Emulator,
  subscription: StoredSubscription,
  stub: { start: number; end: number; free: boolean },
): InvoiceLineInput[] {
  const recurring = subscription.items.data[0]?.price.recurring as Stripe.Price.Recurring
  const wholePeriod = periodEndingAt(stub.end, recurring, subscription.billing_cycle_anchor_config?.day_of_month)
  return computeProrations([], billedItems(subscription), stub.start, wholePeriod).map((proration) => ({
    ...prorationLine(emulator, stub.free ? { ...proration, amount: 0 } : proration, stub.start),
    proration: false,
    invoiceItem: null,
  }))
}

/** The share of a whole period that the stretch up to its anchor bills (what `stubLines` charges of each item). */
export function stubShare(
  stub: { start: number; end: number },
  recurring: Stripe.Price.Recurring,
  dayOfMonth?: number,
): number {
  const whole = periodEndingAt(stub.end, recurring, dayOfMonth)
  return (stub.end - stub.start) / (whole.end - whole.start)
}

/** The whole billing period that ends at `end`, counted back one interval (on `dayOfMonth` when the cycle keeps one). */
function periodEndingAt(
  end: number,
  recurring: Stripe.Price.Recurring,
  dayOfMonth: number | undefined,
): { start: number; end: number } {
  return { start: addInterval(end, recurring.interval, -recurring.interval_count, dayOfMonth), end }
}
