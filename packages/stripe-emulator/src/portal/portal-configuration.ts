import type Stripe from 'stripe'
import { requirePrice, type StoredPrice } from '../catalog/price.js'
import { requireProduct, type StoredProduct } from '../catalog/product.js'
import type { Emulator } from '../emulator.js'
import { noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredPortalConfiguration = Stripe.BillingPortal.Configuration & StoredObject

export const defaultCancellationReasons: Stripe.BillingPortal.Configuration.Features.SubscriptionCancel.CancellationReason.Option[] =
  [
    'too_expensive',
    'missing_features',
    'switched_service',
    'unused',
    'customer_service',
    'too_complex',
    'low_quality',
    'other',
  ]

/** A configuration with every feature off, the shape `POST /v1/billing_portal/configurations` starts from. */
export function blankPortalConfiguration(emulator: Emulator, isDefault: boolean): StoredPortalConfiguration {
  const now = emulator.now()
  return {
    id: emulator.state.newId('bpc'),
    object: 'billing_portal.configuration',
    active: true,
    application: null,
    business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null },
    created: now,
    default_return_url: null,
    features: {
      customer_update: { allowed_updates: [], enabled: false },
      invoice_history: { enabled: false },
      payment_method_update: { enabled: false, payment_method_configuration: null },
      subscription_cancel: {
        cancellation_reason: { enabled: false, feedback_options: null, options: [] },
        enabled: false,
        mode: 'at_period_end',
        proration_behavior: 'none',
      },
      subscription_pause: { duration: { interval_options: [], type: 'indefinite' }, enabled: false },
      subscription_update: {
        billing_cycle_anchor: null,
        default_allowed_updates: [],
        enabled: false,
        products: [],
        proration_behavior: 'none',
        schedule_at_period_end: { conditions: [] },
        trial_update_behavior: 'end_trial',
      },
    },
    is_default: isDefault,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: {},
    name: null,
    updated: now,
  }
}

/**
 * The account's default portal configuration, created on first use as Stripe's Dashboard default:
 * card updates, invoice history and cancel at period end on; plan switching off until products are
 * configured (there is no product list to offer before that).
 */
export function defaultPortalConfiguration(emulator: Emulator): StoredPortalConfiguration {
  const existing = emulator.state.list<StoredPortalConfiguration>('billing_portal.configuration', (c) => c.is_default)
  if (existing[0]) return existing[0]
  const config = blankPortalConfiguration(emulator, true)
  config.features.invoice_history.enabled = true
  config.features.payment_method_update.enabled = true
  config.features.subscription_cancel.enabled = true
  config.features.subscription_cancel.cancellation_reason.options = [...defaultCancellationReasons]
  emulator.state.insert(config)
  emulator.emit('billing_portal.configuration.created', config)
  return config
}

export function requirePortalConfiguration(
  emulator: Emulator,
  id: string,
  param = 'configuration',
): StoredPortalConfiguration {
  const config = emulator.state.find<StoredPortalConfiguration>('billing_portal.configuration', id)
  if (!config) throw noSuchResource('configuration', id, param)
  return config
}

export interface AllowedPlan {
  product: StoredProduct
  prices: StoredPrice[]
}

/** The products and prices a configuration lets customers switch between, in the configured order. */
export function allowedPlans(emulator: Emulator, config: StoredPortalConfiguration): AllowedPlan[] {
  const update = config.features.subscription_update
  if (!update.enabled) return []
  return (update.products ?? []).map((entry) => ({
    product: requireProduct(emulator, entry.product),
    prices: entry.prices.map((id) => requirePrice(emulator, id)),
  }))
}

export function isPriceAllowed(config: StoredPortalConfiguration, priceId: string): boolean {
  const update = config.features.subscription_update
  return update.enabled && (update.products ?? []).some((entry) => entry.prices.includes(priceId))
}
