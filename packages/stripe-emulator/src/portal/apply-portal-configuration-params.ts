import type Stripe from 'stripe'
import { cancellationFeedbackValues } from '../billing/subscription.js'
import { requirePrice } from '../catalog/price.js'
import { requireProduct } from '../catalog/product.js'
import type { Emulator } from '../emulator.js'
import { oneOf, type Params } from '../http/params.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'
import { validUrl } from '../http/valid-url.js'
import { applySubscriptionPauseParams } from './apply-subscription-pause-params.js'
import type { StoredPortalConfiguration } from './portal-configuration.js'

type Features = Stripe.BillingPortal.Configuration.Features
type CancelFeature = Stripe.BillingPortal.Configuration.Features.SubscriptionCancel
type UpdateFeature = Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate
type CancelMode = Stripe.BillingPortal.Configuration.Features.SubscriptionCancel.Mode
type ProrationBehavior = Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate.ProrationBehavior
type ConfiguredProduct = Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate.Product

const prorationBehaviors = ['always_invoice', 'create_prorations', 'none'] as const
const customerUpdates = ['address', 'email', 'name', 'phone', 'shipping', 'tax_id'] as const
const allowedUpdates = ['price', 'promotion_code', 'quantity'] as const
const cancellationOptions = cancellationFeedbackValues

/**
 * Applies the params of `POST /v1/billing_portal/configurations[/:id]` to a configuration.
 * On create each present feature needs `enabled`; on update omitted fields keep their value.
 */
export function applyPortalConfigurationParams(
  emulator: Emulator,
  config: StoredPortalConfiguration,
  params: Params,
  mode: 'create' | 'update',
): void {
  const creating = mode === 'create'
  params.only([
    'business_profile',
    'default_return_url',
    'features',
    'login_page',
    'metadata',
    'name',
    ...(creating ? [] : ['active']),
  ])
  const active = params.boolean('active')
  if (active !== undefined) {
    if (!active && config.is_default) {
      throw invalidRequest('You cannot deactivate the default configuration.', 'active')
    }
    config.active = active
  }
  applyBusinessProfile(config, params.object('business_profile'))
  const returnUrl = params.nullableString('default_return_url')
  if (returnUrl !== undefined)
    config.default_return_url = returnUrl === null ? null : validUrl(returnUrl, 'default_return_url')
  const name = params.nullableString('name')
  if (name !== undefined) config.name = name
  const metadata = params.metadata('metadata', config.metadata ?? {})
  if (metadata) config.metadata = metadata
  const loginPage = params.object('login_page')
  if (loginPage) {
    loginPage.only(['enabled'])
    if (loginPage.boolean('enabled')) {
      throw invalidRequest('The emulator does not host a customer portal login page.', 'login_page[enabled]')
    }
  }

  const features = creating ? params.requiredObject('features') : params.object('features')
  if (features) applyFeatures(emulator, config.features, features, creating)
  checkFeatureConsistency(config.features)
  config.updated = emulator.now()
}

function applyBusinessProfile(config: StoredPortalConfiguration, profile: Params | undefined): void {
  if (!profile) return
  profile.only(['headline', 'privacy_policy_url', 'terms_of_service_url'])
  const headline = profile.nullableString('headline')
  if (headline !== undefined) {
    if (headline && headline.length > 60) {
      throw invalidRequest('Invalid string: the headline must be at most 60 characters.', 'business_profile[headline]')
    }
    config.business_profile.headline = headline
  }
  for (const key of ['privacy_policy_url', 'terms_of_service_url'] as const) {
    const url = profile.nullableString(key)
    if (url !== undefined)
      config.business_profile[key] = url === null ? null : validUrl(url, `business_profile[${key}]`)
  }
}

function applyFeatures(emulator: Emulator, features: Features, params: Params, creating: boolean): void {
  params.only([
    'customer_update',
    'invoice_history',
    'payment_method_update',
    'subscription_cancel',
    'subscription_pause',
    'subscription_update',
  ])
  const enabled = (p: Params, feature: string) =>
    creating ? requiredBoolean(p, 'enabled', `features[${feature}]`) : p.boolean('enabled')

  const customerUpdate = params.object('customer_update')
  if (customerUpdate) {
    customerUpdate.only(['enabled', 'allowed_updates'])
    features.customer_update.enabled = enabled(customerUpdate, 'customer_update') ?? features.customer_update.enabled
    const updates = emptyableEnumArray(customerUpdate, 'allowed_updates', customerUpdates, 'features[customer_update]')
    if (updates) features.customer_update.allowed_updates = updates
  }

  const invoiceHistory = params.object('invoice_history')
  if (invoiceHistory) {
    invoiceHistory.only(['enabled'])
    features.invoice_history.enabled = requiredBoolean(invoiceHistory, 'enabled', 'features[invoice_history]')
  }

  const paymentMethodUpdate = params.object('payment_method_update')
  if (paymentMethodUpdate) {
    paymentMethodUpdate.only(['enabled', 'payment_method_configuration'])
    features.payment_method_update.enabled = requiredBoolean(
      paymentMethodUpdate,
      'enabled',
      'features[payment_method_update]',
    )
    const pmc = paymentMethodUpdate.nullableString('payment_method_configuration')
    if (pmc !== undefined) features.payment_method_update.payment_method_configuration = pmc
  }

  const cancel = params.object('subscription_cancel')
  if (cancel)
    applySubscriptionCancel(features.subscription_cancel, cancel, enabled(cancel, 'subscription_cancel'), creating)

  const pause = params.object('subscription_pause')
  if (pause) applySubscriptionPauseParams(features.subscription_pause, pause, enabled(pause, 'subscription_pause'))

  const update = params.object('subscription_update')
  if (update)
    applySubscriptionUpdate(emulator, features.subscription_update, update, enabled(update, 'subscription_update'))
}

function applySubscriptionCancel(
  cancel: CancelFeature,
  params: Params,
  enabled: boolean | undefined,
  creating: boolean,
): void {
  params.only(['enabled', 'mode', 'proration_behavior', 'cancellation_reason'])
  if (enabled !== undefined) cancel.enabled = enabled
  const mode = params.enum<CancelMode>('mode', ['at_period_end', 'immediately'])
  if (mode) cancel.mode = mode
  const proration = params.enum<ProrationBehavior>('proration_behavior', prorationBehaviors)
  if (proration) cancel.proration_behavior = proration
  const reason = params.object('cancellation_reason')
  if (reason) {
    reason.only(['enabled', 'options', 'feedback_options'])
    const base = 'features[subscription_cancel][cancellation_reason]'
    cancel.cancellation_reason.enabled = requiredBoolean(reason, 'enabled', base)
    const options = emptyableEnumArray(reason, 'options', cancellationOptions, base)
    if (options) cancel.cancellation_reason.options = options
    else if (creating) throw missingParam(`${base}[options]`)
  }
}

function applySubscriptionUpdate(
  emulator: Emulator,
  update: UpdateFeature,
  params: Params,
  enabled: boolean | undefined,
): void {
  params.only([
    'enabled',
    'default_allowed_updates',
    'products',
    'proration_behavior',
    'schedule_at_period_end',
    'trial_update_behavior',
    'billing_cycle_anchor',
  ])
  if (enabled !== undefined) update.enabled = enabled
  const allowed = emptyableEnumArray(params, 'default_allowed_updates', allowedUpdates, 'features[subscription_update]')
  if (allowed) update.default_allowed_updates = allowed
  const proration = params.enum<ProrationBehavior>('proration_behavior', prorationBehaviors)
  if (proration) update.proration_behavior = proration
  const trial = params.enum('trial_update_behavior', ['continue_trial', 'end_trial'])
  if (trial) update.trial_update_behavior = trial
  const anchor = params.enum('billing_cycle_anchor', ['now', 'unchanged'])
  if (anchor) update.billing_cycle_anchor = anchor
  const schedule = params.object('schedule_at_period_end')
  if (schedule) {
    schedule.only(['conditions'])
    update.schedule_at_period_end = {
      conditions: (schedule.array('conditions') ?? []).map((c, i) => {
        c.only(['type'])
        const type = c.enum('type', ['decreasing_item_amount', 'shortening_interval'])
        if (!type) throw missingParam(`features[subscription_update][schedule_at_period_end][conditions][${i}][type]`)
        return { type }
      }),
    }
  }
  if (params.raw.products === '') update.products = []
  const products = params.array('products')
  if (products) update.products = products.map((entry, i) => readProduct(emulator, entry, i))
}

function readProduct(emulator: Emulator, entry: Params, index: number): ConfiguredProduct {
  const base = `features[subscription_update][products][${index}]`
  entry.only(['product', 'prices', 'adjustable_quantity'])
  const product = requireProduct(emulator, entry.requiredString('product'), `${base}[product]`)
  const prices = entry.stringArray('prices')
  if (!prices || prices.length === 0) throw missingParam(`${base}[prices]`)
  prices.forEach((id, j) => {
    const price = requirePrice(emulator, id, `${base}[prices][${j}]`)
    if (price.product !== product.id) {
      throw invalidRequest(`The price ${id} does not belong to the product ${product.id}.`, `${base}[prices][${j}]`)
    }
    if (!price.recurring) {
      throw invalidRequest(
        `The price ${id} is not a recurring price. Only recurring prices can be offered in the portal.`,
        `${base}[prices][${j}]`,
      )
    }
  })
  const quantity = entry.object('adjustable_quantity')
  quantity?.only(['enabled', 'maximum', 'minimum'])
  const minimum = quantity?.integer('minimum') ?? 1
  const maximum = quantity?.integer('maximum') ?? null
  if (minimum < 0) {
    throw invalidRequest('This value must be greater than or equal to 0.', `${base}[adjustable_quantity][minimum]`)
  }
  if (maximum !== null && maximum < Math.max(minimum, 1)) {
    throw invalidRequest(
      'The maximum quantity must be greater than or equal to the minimum quantity and at least 1.',
      `${base}[adjustable_quantity][maximum]`,
    )
  }
  return {
    adjustable_quantity: {
      enabled: quantity ? requiredBoolean(quantity, 'enabled', `${base}[adjustable_quantity]`) : false,
      maximum,
      minimum,
    },
    prices,
    product: product.id,
  }
}

function checkFeatureConsistency(features: Features): void {
  const cancel = features.subscription_cancel
  if (cancel.proration_behavior === 'always_invoice') {
    throw invalidRequest(
      'features[subscription_cancel][proration_behavior] cannot be always_invoice; use none or create_prorations.',
      'features[subscription_cancel][proration_behavior]',
    )
  }
  if (cancel.proration_behavior === 'create_prorations' && cancel.mode !== 'immediately') {
    throw invalidRequest(
      'features[subscription_cancel][proration_behavior]=create_prorations is only compatible with features[subscription_cancel][mode]=immediately.',
      'features[subscription_cancel][proration_behavior]',
    )
  }
  const update = features.subscription_update
  if (update.enabled) {
    if (update.default_allowed_updates.length === 0) {
      throw missingParam('features[subscription_update][default_allowed_updates]')
    }
    if ((update.products ?? []).length === 0) throw missingParam('features[subscription_update][products]')
  }
}

function requiredBoolean(params: Params, key: string, base: string): boolean {
  const value = params.boolean(key)
  if (value === undefined) throw missingParam(`${base}[${key}]`)
  return value
}

/** Stripe's `Emptyable<array>`: `''` clears the list. */
function emptyableEnumArray<T extends string>(
  params: Params,
  key: string,
  values: readonly T[],
  base: string,
): T[] | undefined {
  if (params.raw[key] === '') return []
  const list = params.stringArray(key)
  if (!list) return undefined
  for (const value of list) {
    if (!(values as readonly string[]).includes(value)) {
      throw invalidRequest(`Invalid ${base}[${key}]: must be one of ${oneOf(values)}`, `${base}[${key}]`, null)
    }
  }
  return list as T[]
}
