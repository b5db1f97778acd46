import type Stripe from 'stripe'
import { cardDeclinedError, cardError } from '../billing/card-errors.js'
import { emitUpdate } from '../billing/emit-update.js'
import {
  type CardBehavior,
  cardBehavior,
  cardBrand,
  cardFingerprint,
  cardFunding,
  passesLuhn,
  testCardForToken,
} from '../billing/test-cards.js'
import type { Emulator } from '../emulator.js'
import { paginate } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import { requireCustomer, type StoredCustomer } from './customers.js'
import type { StoredSubscription } from './subscriptions.js'

export type StoredPaymentMethod = Stripe.PaymentMethod & StoredObject

/** Emulator-private fields of a payment method. */
interface PaymentMethodSecrets extends Record<string, unknown> {
  behavior?: CardBehavior
}

export interface CardInput {
  number: string
  expMonth: number
  expYear: number
  cvc?: string
}

interface BillingDetailsInput {
  name?: string | null
  email?: string | null
  phone?: string | null
  address?: Partial<Stripe.Address>
}

/** How a charge against this payment method goes: what test card it was made from decides. */
export function paymentMethodBehavior(emulator: Emulator, paymentMethodId: string): CardBehavior {
  return emulator.state.hidden<PaymentMethodSecrets>(paymentMethodId).behavior ?? 'succeeds'
}

/**
 * Creates an unattached card payment method from a raw card number (hosted pages).
 * Throws Stripe's card_error for an invalid number, expiry or CVC, and for a card that is declined at setup.
 */
export function createCardPaymentMethod(emulator: Emulator, card: CardInput): StoredPaymentMethod {
  const number = card.number.replace(/[\s-]/g, '')
  validateCard({ ...card, number })
  const behavior = cardBehavior(number)
  if (behavior === 'declined') throw cardDeclinedError()
  if (behavior === 'insufficient_funds') throw cardDeclinedError('insufficient_funds')
  return insertCardPaymentMethod(emulator, { ...card, number }, behavior)
}

function validateCard(card: CardInput): void {
  if (!passesLuhn(card.number))
    throw cardError('Your card number is incorrect.', 'incorrect_number', { param: 'number' })
  if (!Number.isInteger(card.expMonth) || card.expMonth < 1 || card.expMonth > 12) {
    throw cardError("Your card's expiration month is invalid.", 'invalid_expiry_month', { param: 'exp_month' })
  }
  const year = card.expYear < 100 ? 2000 + card.expYear : card.expYear
  if (!Number.isInteger(year) || year > 2100) {
    throw cardError("Your card's expiration year is invalid.", 'invalid_expiry_year', { param: 'exp_year' })
  }
  const now = new Date()
  if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && card.expMonth < now.getUTCMonth() + 1)) {
    throw cardError('Your card has expired.', 'expired_card', { param: 'exp_year' })
  }
  if (card.cvc !== undefined && card.cvc !== '' && !/^\d{3,4}$/.test(card.cvc)) {
    throw cardError("Your card's security code is invalid.", 'invalid_cvc', { param: 'cvc' })
  }
}

function insertCardPaymentMethod(
  emulator: Emulator,
  card: CardInput,
  behavior: CardBehavior,
  extra: { billingDetails?: BillingDetailsInput; metadata?: Record<string, string>; created?: number } = {},
): StoredPaymentMethod {
  const brand = cardBrand(card.number)
  const address = extra.billingDetails?.address ?? {}
  const pm: StoredPaymentMethod = {
    id: emulator.state.newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: {
        city: address.city ?? null,
        country: address.country ?? null,
        line1: address.line1 ?? null,
        line2: address.line2 ?? null,
        postal_code: address.postal_code ?? null,
        state: address.state ?? null,
      },
      email: extra.billingDetails?.email ?? null,
      name: extra.billingDetails?.name ?? null,
      phone: extra.billingDetails?.phone ?? null,
      tax_id: null,
    },
    card: {
      brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: card.cvc ? 'pass' : null },
      country: 'US',
      display_brand: brand === 'amex' ? 'american_express' : brand,
      exp_month: card.expMonth,
      exp_year: card.expYear < 100 ? 2000 + card.expYear : card.expYear,
      fingerprint: cardFingerprint(card.number),
      funding: cardFunding(card.number),
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: extra.created ?? emulator.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: extra.metadata ?? {},
    type: 'card',
  }
  emulator.state.insert(pm)
  emulator.state.hidden<PaymentMethodSecrets>(pm.id).behavior = behavior
  return pm
}

/** A stored payment method by id, or a fresh one made from a test token such as `pm_card_visa`. */
function resolvePaymentMethod(emulator: Emulator, idOrToken: string, param: string, created?: number) {
  const testCard = testCardForToken(idOrToken)
  if (testCard) {
    const year = new Date().getUTCFullYear() + 1
    return insertCardPaymentMethod(
      emulator,
      { number: testCard.number, expMonth: 12, expYear: year, cvc: '123' },
      testCard.behavior,
      {
        created,
      },
    )
  }
  const pm = emulator.state.find<StoredPaymentMethod>('payment_method', idOrToken)
  if (!pm) throw noSuchResource('PaymentMethod', idOrToken, param)
  return pm
}

export function requirePaymentMethod(emulator: Emulator, id: string, param = 'payment_method'): StoredPaymentMethod {
  const pm = emulator.state.find<StoredPaymentMethod>('payment_method', id)
  if (!pm) throw noSuchResource('PaymentMethod', id, param)
  return pm
}

/**
 * Attaches a payment method (or a test token such as `pm_card_visa`, which makes a new `pm_…` as Stripe does)
 * to a customer and emits payment_method.attached. A declined test card fails here with a card_error.
 */
export function attachPaymentMethod(
  emulator: Emulator,
  paymentMethodOrToken: string,
  customerId: string,
  param = 'payment_method',
): StoredPaymentMethod {
  const customer = requireCustomer(emulator, customerId)
  const testClock = customer.test_clock as string | null
  const fromToken = testCardForToken(paymentMethodOrToken) !== undefined
  const pm = resolvePaymentMethod(emulator, paymentMethodOrToken, param, emulator.now(testClock))
  if (pm.customer === customer.id) return pm
  if (pm.customer !== null) {
    throw invalidRequest(
      'The payment method you provided has already been attached to a customer.',
      param,
      'payment_method_unexpected_state',
    )
  }
  const behavior = paymentMethodBehavior(emulator, pm.id)
  if (behavior === 'declined' || behavior === 'insufficient_funds') {
    if (fromToken) emulator.state.remove(pm.id)
    throw cardDeclinedError(behavior === 'declined' ? 'generic_decline' : 'insufficient_funds')
  }
  pm.customer = customer.id
  emulator.emit('payment_method.attached', pm, { testClock })
  return pm
}

/** Detaches a payment method; clears it where it was the customer's or a subscription's default. */
export function detachPaymentMethod(emulator: Emulator, id: string): StoredPaymentMethod {
  const pm = requirePaymentMethod(emulator, id, 'payment_method')
  const customerId = typeof pm.customer === 'string' ? pm.customer : null
  if (!customerId) {
    throw invalidRequest(
      'The payment method you provided is not attached to a customer so detachment is impossible.',
      undefined,
      'payment_method_unexpected_state',
    )
  }
  const customer = emulator.state.find<StoredCustomer>('customer', customerId)
  const testClock = (customer?.test_clock as string | null | undefined) ?? null
  pm.customer = null
  emulator.emit('payment_method.detached', pm, { previousAttributes: { customer: customerId }, testClock })
  if (customer && customer.invoice_settings?.default_payment_method === pm.id) {
    const before = structuredClone(customer)
    customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: null }
    emitUpdate(emulator, 'customer.updated', before, customer, testClock)
  }
  for (const subscription of emulator.state.list<StoredSubscription>(
    'subscription',
    (s) => s.customer === customerId && s.default_payment_method === pm.id,
  )) {
    const before = structuredClone(subscription)
    subscription.default_payment_method = null
    emitUpdate(emulator, 'customer.subscription.updated', before, subscription, testClock)
  }
  return pm
}

/** Makes an attached payment method the customer's `invoice_settings.default_payment_method`; emits customer.updated. */
export function setDefaultPaymentMethod(emulator: Emulator, customerId: string, paymentMethodId: string): void {
  const customer = requireCustomer(emulator, customerId)
  const pm = requirePaymentMethod(emulator, paymentMethodId, 'invoice_settings[default_payment_method]')
  if (pm.customer !== customer.id) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`,
      'invoice_settings[default_payment_method]',
      'resource_missing',
    )
  }
  const before = structuredClone(customer)
  customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: pm.id }
  emitUpdate(emulator, 'customer.updated', before, customer, customer.test_clock as string | null)
}

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
