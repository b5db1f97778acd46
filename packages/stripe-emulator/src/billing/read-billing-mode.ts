import type { Params } from '../http/params.js'
import { invalidRequest } from '../http/stripe-api-error.js'

/**
 * Checks `billing_mode` on a subscription create. Every subscription is flexible with `proration_discounts: included`
 * (prorations net of discounts); `itemized` is refused rather than silently prorated another way.
 */
export function readBillingMode(params: Params): void {
  const mode = params.object('billing_mode')
  if (!mode) return
  mode.only(['type', 'flexible'])
  mode.enum('type', ['classic', 'flexible'] as const)
  const flexible = mode.object('flexible')
  flexible?.only(['proration_discounts'])
  if (flexible?.enum('proration_discounts', ['included', 'itemized'] as const) === 'itemized') {
    throw invalidRequest(
      'The emulator only supports billing_mode[flexible][proration_discounts]=included: prorations are net of discounts.',
      'billing_mode[flexible][proration_discounts]',
    )
  }
}
