import type Stripe from 'stripe'
import { requireSubscription, type StoredSubscription } from '../billing/subscription.js'
import type { Emulator } from '../emulator.js'
import type { Params } from '../http/params.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'
import { validUrl } from '../http/valid-url.js'
import { readConfirmDiscounts } from './flow-discounts.js'
import { isPriceAllowed, type StoredPortalConfiguration } from './portal-configuration.js'
import { readRetention } from './retention-offer.js'

type Flow = Stripe.BillingPortal.Session.Flow
type AfterCompletion = Stripe.BillingPortal.Session.Flow.AfterCompletion
type ConfirmItem = Stripe.BillingPortal.Session.Flow.SubscriptionUpdateConfirm.Item

const flowTypes = [
  'payment_method_update',
  'subscription_cancel',
  'subscription_update',
  'subscription_update_confirm',
  'customer_update',
  'subscription_pause',
] as const
const flowObjects = ['subscription_cancel', 'subscription_update', 'subscription_update_confirm', 'subscription_pause']

/**
 * Reads and validates `flow_data` of `POST /v1/billing_portal/sessions` into the session's `flow`,
 * with Stripe's checks: the subscription exists, is the customer's and is not canceled, and update
 * flows only offer what the configuration allows.
 */
export function readPortalFlow(
  emulator: Emulator,
  params: Params,
  customerId: string,
  config: StoredPortalConfiguration,
): Flow {
  params.only(['type', 'after_completion', ...flowObjects])
  const type = params.enum('type', flowTypes)
  if (!type) throw missingParam('flow_data[type]')
  if (type === 'customer_update') {
    throw invalidRequest(`The emulator does not support the ${type} portal flow.`, 'flow_data[type]')
  }
  for (const key of flowObjects) {
    if (params.has(key) && key !== type) {
      throw invalidRequest(
        `flow_data[${key}] can only be set when flow_data[type] is ${key}.`,
        `flow_data[${key}]`,
        'parameter_invalid',
      )
    }
  }

  const flow: Flow = {
    after_completion: readAfterCompletion(params.object('after_completion')),
    customer_update: null,
    subscription_cancel: null,
    subscription_pause: null,
    subscription_update: null,
    subscription_update_confirm: null,
    type,
  }

  if (type === 'subscription_cancel') {
    const data = params.requiredObject('subscription_cancel')
    data.only(['subscription', 'retention'])
    const subscription = customerSubscription(emulator, data, 'subscription_cancel', customerId)
    const retention = readRetention(emulator, data.object('retention'))
    flow.subscription_cancel = { retention, subscription: subscription.id }
  }

  if (type === 'subscription_pause') {
    if (!config.features.subscription_pause.enabled) {
      throw invalidRequest(
        `This flow requires pausing to be enabled in the portal configuration ${config.id} (features[subscription_pause][enabled]).`,
        'flow_data[type]',
      )
    }
    const data = params.requiredObject('subscription_pause')
    data.only(['subscription'])
    const subscription = customerSubscription(emulator, data, 'subscription_pause', customerId)
    flow.subscription_pause = { subscription: subscription.id }
  }

  if (type === 'subscription_update') {
    requireUpdatesEnabled(config)
    const data = params.requiredObject('subscription_update')
    data.only(['subscription'])
    const subscription = customerSubscription(emulator, data, 'subscription_update', customerId)
    flow.subscription_update = { subscription: subscription.id }
  }

  if (type === 'subscription_update_confirm') {
    requireUpdatesEnabled(config)
    const data = params.requiredObject('subscription_update_confirm')
    data.only(['subscription', 'items', 'discounts'])
    const subscription = customerSubscription(emulator, data, 'subscription_update_confirm', customerId)
    const items = data.array('items')
    if (!items || items.length === 0) throw missingParam('flow_data[subscription_update_confirm][items]')
    flow.subscription_update_confirm = {
      discounts: readConfirmDiscounts(emulator, data, subscription) ?? [],
      items: items.map((item, i) => readConfirmItem(item, i, subscription, config)),
      subscription: subscription.id,
    }
  }

  return flow
}

function readAfterCompletion(params: Params | undefined): AfterCompletion {
  if (!params) return { hosted_confirmation: null, redirect: null, type: 'portal_homepage' }
  params.only(['type', 'redirect', 'hosted_confirmation'])
  const type = params.enum('type', ['hosted_confirmation', 'portal_homepage', 'redirect'] as const)
  if (!type) throw missingParam('flow_data[after_completion][type]')
  for (const key of ['redirect', 'hosted_confirmation'] as const) {
    if (params.has(key) && key !== type) {
      throw invalidRequest(
        `flow_data[after_completion][${key}] can only be set when flow_data[after_completion][type] is ${key}.`,
        `flow_data[after_completion][${key}]`,
      )
    }
  }
  const afterCompletion: AfterCompletion = { hosted_confirmation: null, redirect: null, type }
  if (type === 'redirect') {
    const redirect = params.object('redirect')
    redirect?.only(['return_url'])
    const url = redirect?.string('return_url')
    if (!url) throw missingParam('flow_data[after_completion][redirect][return_url]')
    afterCompletion.redirect = { return_url: validUrl(url, 'flow_data[after_completion][redirect][return_url]') }
  }
  if (type === 'hosted_confirmation') {
    const confirmation = params.object('hosted_confirmation')
    confirmation?.only(['custom_message'])
    const message = confirmation?.string('custom_message') ?? null
    if (message && message.length > 500) {
      throw invalidRequest(
        'The custom message must be at most 500 characters.',
        'flow_data[after_completion][hosted_confirmation][custom_message]',
      )
    }
    afterCompletion.hosted_confirmation = { custom_message: message }
  }
  return afterCompletion
}

function customerSubscription(emulator: Emulator, data: Params, flow: string, customerId: string): StoredSubscription {
  const param = `flow_data[${flow}][subscription]`
  const subscription = requireSubscription(emulator, data.requiredString('subscription'), param)
  if (subscription.customer !== customerId) {
    throw invalidRequest(
      `The subscription ${subscription.id} does not belong to the customer ${customerId}.`,
      param,
      'resource_missing',
    )
  }
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw invalidRequest(
      `The subscription ${subscription.id} is ${subscription.status} and cannot be used in a ${flow} flow.`,
      param,
    )
  }
  return subscription
}

function requireUpdatesEnabled(config: StoredPortalConfiguration): void {
  if (!config.features.subscription_update.enabled) {
    throw invalidRequest(
      `This flow requires subscription updates to be enabled in the portal configuration ${config.id} (features[subscription_update][enabled]).`,
      'flow_data[type]',
    )
  }
}

function readConfirmItem(
  item: Params,
  index: number,
  subscription: StoredSubscription,
  config: StoredPortalConfiguration,
): ConfirmItem {
  const base = `flow_data[subscription_update_confirm][items][${index}]`
  item.only(['id', 'price', 'quantity'])
  const id = item.requiredString('id')
  if (!subscription.items.data.some((existing) => existing.id === id)) {
    throw invalidRequest(`The subscription ${subscription.id} has no item ${id}.`, `${base}[id]`, 'resource_missing')
  }
  const price = item.string('price') ?? null
  if (price !== null && !isPriceAllowed(config, price)) {
    throw invalidRequest(
      `The price ${price} is not one of the prices allowed by features[subscription_update][products] of the portal configuration ${config.id}.`,
      `${base}[price]`,
    )
  }
  const quantity = item.integer('quantity')
  if (quantity !== undefined && quantity < 1) {
    throw invalidRequest('Quantity must be at least 1.', `${base}[quantity]`)
  }
  const read: ConfirmItem = { id, price }
  if (quantity !== undefined) read.quantity = quantity
  return read
}
