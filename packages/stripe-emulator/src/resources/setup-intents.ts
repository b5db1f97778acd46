import { requireCustomer } from '../customers/customer.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { resolvePaymentMethod } from '../payment-methods/payment-method.js'
import { confirmSetupIntent } from '../setup-intents/confirm-setup-intent.js'
import {
  cancelSetupIntent,
  createSetupIntent,
  requireCardOnly,
  requireSetupIntent,
  type StoredSetupIntent,
  unexpectedState,
} from '../setup-intents/setup-intent.js'

const usages = ['off_session', 'on_session'] as const

export const setupIntentsRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/setup_intents',
    handler: ({ params, emulator }) => {
      params.only([
        'customer',
        'description',
        'metadata',
        'payment_method',
        'allowed_payment_method_types',
        'usage',
        'confirm',
        'return_url',
      ])
      const confirm = params.boolean('confirm')
      const paymentMethod = params.string('payment_method')
      const intent = createSetupIntent(emulator, {
        customer: params.string('customer'),
        description: params.string('description'),
        metadata: params.metadata(),
        allowedPaymentMethodTypes: params.stringArray('allowed_payment_method_types'),
        usage: params.enum('usage', usages),
      })
      if (paymentMethod) {
        intent.payment_method = resolvePaymentMethod(emulator, paymentMethod, 'payment_method', intent.created).id
        intent.status = 'requires_confirmation'
      }
      return confirm ? confirmSetupIntent(emulator, intent) : intent
    },
  },
  {
    method: 'GET',
    pattern: '/v1/setup_intents/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['client_secret'])
      return requireSetupIntent(emulator, pathParams.id as string)
    },
  },
  {
    method: 'POST',
    pattern: '/v1/setup_intents/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['customer', 'description', 'metadata', 'payment_method', 'allowed_payment_method_types'])
      const intent = requireSetupIntent(emulator, pathParams.id as string)
      if (intent.status === 'succeeded' || intent.status === 'canceled') throw unexpectedState(intent, 'update')
      const customer = params.string('customer')
      if (customer !== undefined) {
        if (intent.customer && intent.customer !== customer) {
          throw invalidRequest('The SetupIntent already has a customer; it cannot be changed.', 'customer')
        }
        intent.customer = requireCustomer(emulator, customer, 'customer').id
      }
      const description = params.nullableString('description')
      if (description !== undefined) intent.description = description
      const metadata = params.metadata('metadata', intent.metadata ?? {})
      if (metadata) intent.metadata = metadata
      const types = params.stringArray('allowed_payment_method_types')
      if (types) intent.allowed_payment_method_types = requireCardOnly(types)
      const paymentMethod = params.string('payment_method')
      if (paymentMethod) {
        intent.payment_method = resolvePaymentMethod(emulator, paymentMethod, 'payment_method').id
        intent.status = 'requires_confirmation'
      }
      return intent
    },
  },
  {
    method: 'POST',
    pattern: '/v1/setup_intents/:id/confirm',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['payment_method', 'return_url', 'use_stripe_sdk', 'allowed_payment_method_types'])
      const types = params.stringArray('allowed_payment_method_types')
      const intent = requireSetupIntent(emulator, pathParams.id as string)
      if (types) intent.allowed_payment_method_types = requireCardOnly(types)
      return confirmSetupIntent(emulator, intent, params.string('payment_method'))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/setup_intents/:id/cancel',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['cancellation_reason'])
      const reason = params.enum('cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer'] as const)
      return cancelSetupIntent(emulator, requireSetupIntent(emulator, pathParams.id as string), reason ?? null)
    },
  },
  {
    method: 'GET',
    pattern: '/v1/setup_intents',
    handler: ({ params, emulator }) => {
      params.only(['customer', 'payment_method', 'created', 'limit', 'starting_after', 'ending_before'])
      const customer = params.string('customer')
      const paymentMethod = params.string('payment_method')
      const created = createdFilter(params)
      const items = emulator.state.list<StoredSetupIntent>(
        'setup_intent',
        (intent) =>
          (customer === undefined || intent.customer === customer) &&
          (paymentMethod === undefined || intent.payment_method === paymentMethod) &&
          created(intent),
      )
      return paginate(items, params, '/v1/setup_intents')
    },
  },
]
