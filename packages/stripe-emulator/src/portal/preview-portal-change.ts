import type Stripe from 'stripe'
import {
  previewChangeAtPeriodEnd,
  previewSubscriptionChange,
  type SubscriptionChangePreview,
} from '../billing/preview-subscription-change.js'
import type { BilledItem } from '../billing/prorate.js'
import type { StoredSubscription } from '../billing/subscription.js'
import type { Emulator } from '../emulator.js'
import { changeWaitsForPeriodEnd } from './change-waits-for-period-end.js'
import { portalProrationBehavior } from './portal-actions.js'
import type { StoredPortalConfiguration } from './portal-configuration.js'

/**
 * What a portal plan switch to `after` will bill, decided as switchPlanFromPortal decides it: scheduled for the
 * period end when the configuration's `schedule_at_period_end` conditions hold; otherwise made at `at` with the
 * configuration's proration behavior, `billing_cycle_anchor` and `trial_update_behavior`. `addedCoupons` are the
 * coupons the switch adds (a confirm flow's `discounts`).
 */
export function previewPortalChange(
  emulator: Emulator,
  config: StoredPortalConfiguration,
  subscription: StoredSubscription,
  after: BilledItem[],
  at: number,
  addedCoupons: Stripe.Coupon[] = [],
): SubscriptionChangePreview {
  const changes = after.map((item) => ({ id: item.id, price: item.price.id, quantity: item.quantity }))
  if (changeWaitsForPeriodEnd(emulator, config, subscription, changes)) {
    return previewChangeAtPeriodEnd(emulator, subscription, after, addedCoupons)
  }
  const update = config.features.subscription_update
  return previewSubscriptionChange(emulator, subscription, after, {
    prorationBehavior: portalProrationBehavior(config),
    at,
    ...(update.billing_cycle_anchor === 'now' ? { billingCycleAnchor: 'now' as const } : {}),
    endsTrial: subscription.status === 'trialing' && update.trial_update_behavior !== 'continue_trial',
    addedCoupons,
  })
}
