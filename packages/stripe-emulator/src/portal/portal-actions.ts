import type Stripe from 'stripe'
import { cancelSubscription } from '../billing/cancel-subscription.js'
import { retryOpenInvoices } from '../billing/retry-open-invoices.js'
import type { StoredSubscription } from '../billing/subscription.js'
import { updateSubscription } from '../billing/update-subscription.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import {
  requirePaymentMethod,
  type StoredPaymentMethod,
  setDefaultPaymentMethod,
} from '../payment-methods/payment-method.js'
import { cancelScheduleOfEndedSubscription } from '../schedules/run-subscription-schedule.js'
import { releasePendingChange, scheduleChangeAtPeriodEnd } from '../schedules/schedule-change-at-period-end.js'
import { confirmSetupIntentWithCard } from '../setup-intents/confirm-setup-intent.js'
import { createSetupIntent } from '../setup-intents/setup-intent.js'
import { changeWaitsForPeriodEnd } from './change-waits-for-period-end.js'
import { type ConfirmDiscount, discountsOnConfirm } from './flow-discounts.js'
import { isPriceAllowed, type StoredPortalConfiguration } from './portal-configuration.js'

type CancellationFeedback = Stripe.BillingPortal.Configuration.Features.SubscriptionCancel.CancellationReason.Option

/** Subscriptions the portal shows and manages: everything not yet ended. */
export function customerLiveSubscriptions(emulator: Emulator, customerId: string): StoredSubscription[] {
  return emulator.state.listWhere<StoredSubscription>(
    'subscription',
    'customer',
    customerId,
    (s) => s.status !== 'canceled' && s.status !== 'incomplete_expired',
  )
}

/**
 * The portal's "Update payment method", through a SetupIntent as on Stripe: the card is set up and attached, becomes
 * the customer's default and replaces a subscription-level default (which would otherwise win), then open invoices
 * are retried with it. Throws a `card_error` StripeApiError for a refused card (setup_intent.setup_failed).
 */
export function updateCardFromPortal(
  emulator: Emulator,
  customerId: string,
  card: { number: string; expMonth: number; expYear: number; cvc?: string },
): StoredPaymentMethod {
  const intent = createSetupIntent(emulator, { customer: customerId, usage: 'off_session' })
  const confirmed = confirmSetupIntentWithCard(emulator, intent, card)
  const paymentMethod = requirePaymentMethod(emulator, confirmed.payment_method as string)
  setDefaultPaymentMethod(emulator, customerId, paymentMethod.id)
  for (const subscription of customerLiveSubscriptions(emulator, customerId)) {
    if (subscription.default_payment_method && subscription.default_payment_method !== paymentMethod.id) {
      updateSubscription(emulator, subscription.id, { defaultPaymentMethod: paymentMethod.id })
    }
  }
  retryOpenInvoices(emulator, customerId)
  return paymentMethod
}

/**
 * Switches subscription items to other prices (or quantities) the configuration allows. When its
 * `schedule_at_period_end` conditions hold, the change is scheduled for the period end (a subscription schedule);
 * otherwise it is made now with the configuration's proration behavior and billing cycle anchor, prorated at
 * `prorationDate` (the moment the customer's preview was computed) when given, ending a trial unless
 * `trial_update_behavior` is `continue_trial`. A confirm flow's `flowDiscounts` are added with the change: now, or
 * for a scheduled change on its new phase, redeemed when the phase starts. Returns when the change applies.
 */
export function switchPlanFromPortal(
  emulator: Emulator,
  config: StoredPortalConfiguration,
  subscription: StoredSubscription,
  items: { id: string; price?: string | null; quantity?: number }[],
  options: { prorationDate?: number; flowDiscounts?: ConfirmDiscount[] | null } = {},
): 'now' | 'period_end' {
  for (const item of items) {
    if (item.price && !isPriceAllowed(config, item.price)) {
      throw invalidRequest('This plan is not offered in the customer portal.', 'price')
    }
  }
  if (changeWaitsForPeriodEnd(emulator, config, subscription, items)) {
    scheduleChangeAtPeriodEnd(emulator, subscription, items, options.flowDiscounts ?? [])
    return 'period_end'
  }
  releasePendingChange(emulator, subscription)
  const update = config.features.subscription_update
  const discounts = discountsOnConfirm(emulator, subscription, options.flowDiscounts ?? null)
  updateSubscription(emulator, subscription.id, {
    items: items.map((item) => ({
      id: item.id,
      ...(item.price ? { price: item.price } : {}),
      ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
    })),
    prorationBehavior: portalProrationBehavior(config),
    ...(options.prorationDate !== undefined ? { prorationDate: options.prorationDate } : {}),
    ...(update.billing_cycle_anchor === 'now' ? { billingCycleAnchor: 'now' as const } : {}),
    ...(subscription.status === 'trialing' && update.trial_update_behavior !== 'continue_trial'
      ? { trialEnd: 'now' as const }
      : {}),
    ...(discounts ? { discounts } : {}),
  })
  return 'now'
}

export function portalProrationBehavior(
  config: StoredPortalConfiguration,
): 'create_prorations' | 'none' | 'always_invoice' {
  return config.features.subscription_update.proration_behavior as 'create_prorations' | 'none' | 'always_invoice'
}

/** Cancels as the configuration says: at the end of the period, or now (prorated when configured). */
export function cancelFromPortal(
  emulator: Emulator,
  config: StoredPortalConfiguration,
  subscription: StoredSubscription,
  reason?: CancellationFeedback,
): StoredSubscription {
  const cancel = config.features.subscription_cancel
  const cancellationDetails = reason ? { feedback: reason } : undefined
  if (cancel.mode === 'immediately') {
    const canceled = cancelSubscription(emulator, subscription.id, {
      prorate: cancel.proration_behavior === 'create_prorations',
      ...(cancellationDetails ? { cancellationDetails } : {}),
    })
    cancelScheduleOfEndedSubscription(emulator, canceled)
    return canceled
  }
  return updateSubscription(emulator, subscription.id, {
    cancelAtPeriodEnd: true,
    ...(cancellationDetails ? { cancellationDetails } : {}),
  })
}

/** "Renew subscription": undoes a scheduled cancellation, whether it was set as cancel_at_period_end or cancel_at. */
export function renewFromPortal(emulator: Emulator, subscription: StoredSubscription): StoredSubscription {
  return updateSubscription(emulator, subscription.id, { cancelAtPeriodEnd: false, cancelAt: null })
}

/** When a subscription is set to end: `cancel_at`, or the period end when it cancels at period end. */
export function scheduledCancellation(subscription: StoredSubscription): number | null {
  if (subscription.cancel_at) return subscription.cancel_at
  if (subscription.cancel_at_period_end) return subscription.items.data[0]?.current_period_end ?? null
  return null
}
