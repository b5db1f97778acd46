import type Stripe from 'stripe'
import type { Params } from '../http/params.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'

type PauseFeature = Stripe.BillingPortal.Configuration.Features.SubscriptionPause
type Interval = 'day' | 'week' | 'month' | 'year'

/** Stripe's limit on a preset pause: three years, in the option's own interval. */
const maxCount: Record<Interval, number> = { day: 1095, week: 156, month: 36, year: 3 }
const base = 'features[subscription_pause]'

/**
 * `features[subscription_pause]` of a portal configuration: `enabled` (required on create) and `duration`, either
 * `indefinite` or preset `interval_options` (at most three years each). Enabling it without a duration gives
 * Stripe's default, one option of one month.
 */
export function applySubscriptionPauseParams(pause: PauseFeature, params: Params, enabled: boolean | undefined): void {
  params.only(['enabled', 'duration'])
  if (enabled !== undefined) pause.enabled = enabled
  const duration = params.object('duration')
  if (duration) {
    duration.only(['type', 'interval_options'])
    const type = duration.enum('type', ['indefinite', 'interval_options'] as const)
    if (!type) throw missingParam(`${base}[duration][type]`)
    const options =
      duration.raw.interval_options === ''
        ? []
        : (duration.array('interval_options') ?? []).map((option, i) => readIntervalOption(option, i))
    if (type === 'interval_options' && options.length === 0) {
      throw missingParam(`${base}[duration][interval_options]`)
    }
    pause.duration = { type, interval_options: options }
  } else if (enabled && pause.duration.type === 'indefinite' && pause.duration.interval_options.length === 0) {
    pause.duration = { type: 'interval_options', interval_options: [{ interval: 'month', interval_count: 1 }] }
  }
}

function readIntervalOption(option: Params, index: number) {
  const param = `${base}[duration][interval_options][${index}]`
  option.only(['interval', 'interval_count'])
  const interval = option.enum('interval', ['day', 'week', 'month', 'year'] as const)
  if (!interval) throw missingParam(`${param}[interval]`)
  const count = option.integer('interval_count') ?? 1
  if (count < 1 || count > maxCount[interval]) {
    throw invalidRequest(
      `The maximum pause duration is three years (${maxCount[interval]} ${interval}s).`,
      `${param}[interval_count]`,
    )
  }
  return { interval, interval_count: count }
}
