import type Stripe from 'stripe'
import { requireCustomer, type StoredCustomer } from '../customers/customer.js'
import { emitUpdate } from '../events/emit-update.js'
import { paginate } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import {
  attachPaymentMethod,
  type BillingDetailsInput,
  type CardInput,
  detachPaymentMethod,
  insertCardPaymentMethod,
  requirePaymentMethod,
  resolvePaymentMethod,
  type StoredPaymentMethod,
  validateCard,
} from '../payment-methods/payment-method.js'
import { cardBehavior, testCardForToken } from '../payment-methods/test-cards.js'

function readBillingDetails(params: Params): BillingDetailsInput | undefined {
  const details = params.object('billing_details')
  if (!details) return undefined
  details.only(['name', 'email', 'phone', 'address', 'tax_id'])
  const address = details.object('address')
  address?.only(['line1', 'line2', 'city', 'state', 'postal_code', 'country'])
  return {
    name: details.nullableString('name'),
    email: details.nullableString('email'),
    phone: details.nullableString('phone'),
    address: address
      ? {
          line1: address.nullableString('line1') ?? null,
          line2: address.nullableString('line2') ?? null,
          city: address.nullableString('city') ?? null,
          state: address.nullableString('state') ?? null,
          postal_code: address.nullableString('postal_code') ?? null,
          country: address.nullableString('country') ?? null,
        }
      : undefined,
  }
}

function listFilter(params: Params, customerId: string | undefined): (pm: StoredPaymentMethod) => boolean {
  const type = params.string('type')
  return (pm) => (customerId === undefined || pm.customer === customerId) && (type === undefined || pm.type === type)
}

export const paymentMethodsRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/payment_methods',
    handler: ({ params, emulator }) => {
      params.only(['type', 'card', 'billing_details', 'metadata', 'allow_redisplay'])
      params.requiredString('type')
      params.enum('type', ['card'] as const)
      const card = params.requiredObject('card')
      card.only(['token', 'number', 'exp_month', 'exp_year', 'cvc', 'networks'])
      const token = card.string('token')
      const billingDetails = readBillingDetails(params)
      const metadata = params.metadata() ?? {}
      let pm: StoredPaymentMethod
      if (token) {
        const testCard = testCardForToken(token)
        if (!testCard) throw noSuchResource('token', token, 'card[token]')
        const year = new Date().getUTCFullYear() + 1
        pm = insertCardPaymentMethod(
          emulator,
          { number: testCard.number, expMonth: 12, expYear: year, cvc: '123' },
          testCard.behavior,
          { billingDetails, metadata },
        )
      } else {
        const input: CardInput = {
          number: card.requiredString('number'),
          expMonth: card.integer('exp_month') ?? Number.NaN,
          expYear: card.integer('exp_year') ?? Number.NaN,
          cvc: card.string('cvc'),
        }
        const number = input.number.replace(/[\s-]/g, '')
        validateCard({ ...input, number })
        pm = insertCardPaymentMethod(emulator, { ...input, number }, cardBehavior(number), { billingDetails, metadata })
      }
      const redisplay = params.enum('allow_redisplay', ['always', 'limited', 'unspecified'] as const)
      if (redisplay) pm.allow_redisplay = redisplay
      return pm
    },
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods/:id',
    handler: ({ pathParams, emulator }) => resolvePaymentMethod(emulator, pathParams.id as string, 'payment_method'),
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['billing_details', 'metadata', 'card', 'allow_redisplay'])
      const pm = requirePaymentMethod(emulator, pathParams.id as string)
      if (!pm.customer) {
        throw invalidRequest(
          'You must save this PaymentMethod to a customer before you can update it.',
          undefined,
          'payment_method_unexpected_state',
        )
      }
      const before = structuredClone(pm)
      const details = readBillingDetails(params)
      if (details) {
        const current = pm.billing_details
        pm.billing_details = {
          ...current,
          ...(details.name !== undefined ? { name: details.name } : {}),
          ...(details.email !== undefined ? { email: details.email } : {}),
          ...(details.phone !== undefined ? { phone: details.phone } : {}),
          address: details.address ? ({ ...current.address, ...details.address } as Stripe.Address) : current.address,
        }
      }
      const metadata = params.metadata('metadata', pm.metadata ?? {})
      if (metadata) pm.metadata = metadata
      const card = params.object('card')
      if (card && pm.card) {
        card.only(['exp_month', 'exp_year', 'networks'])
        const expMonth = card.integer('exp_month')
        const expYear = card.integer('exp_year')
        if (expMonth !== undefined) pm.card.exp_month = expMonth
        if (expYear !== undefined) pm.card.exp_year = expYear
      }
      const redisplay = params.enum('allow_redisplay', ['always', 'limited', 'unspecified'] as const)
      if (redisplay) pm.allow_redisplay = redisplay
      const customer = emulator.state.find<StoredCustomer>('customer', pm.customer as string)
      emitUpdate(emulator, 'payment_method.updated', before, pm, (customer?.test_clock as string | null) ?? null)
      return pm
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:id/attach',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['customer'])
      const customer = params.requiredString('customer')
      requireCustomer(emulator, customer, 'customer')
      return attachPaymentMethod(emulator, pathParams.id as string, customer, 'payment_method')
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:id/detach',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      return detachPaymentMethod(emulator, pathParams.id as string)
    },
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods',
    handler: ({ params, emulator }) => {
      params.only(['customer', 'type', 'limit', 'starting_after', 'ending_before', 'allow_redisplay'])
      const customer = params.string('customer')
      if (customer) requireCustomer(emulator, customer, 'customer')
      const items = emulator.state.list<StoredPaymentMethod>('payment_method', listFilter(params, customer))
      return paginate(items, params, '/v1/payment_methods')
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:customer/payment_methods',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['type', 'limit', 'starting_after', 'ending_before', 'allow_redisplay'])
      const customer = requireCustomer(emulator, pathParams.customer as string, 'customer')
      const items = emulator.state.list<StoredPaymentMethod>('payment_method', listFilter(params, customer.id))
      return paginate(items, params, `/v1/customers/${customer.id}/payment_methods`)
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:customer/payment_methods/:id',
    handler: ({ pathParams, emulator }) => {
      const customer = requireCustomer(emulator, pathParams.customer as string, 'customer')
      const pm = emulator.state.find<StoredPaymentMethod>('payment_method', pathParams.id as string)
      if (!pm || pm.customer !== customer.id)
        throw noSuchResource('PaymentMethod', pathParams.id as string, 'payment_method')
      return pm
    },
  },
]
