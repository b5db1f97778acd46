import type Stripe from 'stripe'
import type { StoredSubscription } from '../billing/subscription.js'
import { requireCustomer, type StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import { cardDeclinedError, cardError } from './card-errors.js'
import {
  type CardBehavior,
  cardBehavior,
  cardBrand,
  cardFingerprint,
  cardFunding,
  passesLuhn,
  testCardForToken,
} from './test-cards.js'

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

export interface BillingDetailsInput {
  name?: string | null
  email?: string | null
  phone?: string | null
  address?: Partial<Stripe.Address>
}

/** Records what charging a payment method or card source does (the test card it was made from). */
export function setChargeBehavior(emulator: Emulator, id: string, behavior: CardBehavior): void {
  emulator.state.hidden<PaymentMethodSecrets>(id).behavior = behavior
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

export function validateCard(card: CardInput): void {
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

export function insertCardPaymentMethod(
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
  setChargeBehavior(emulator, pm.id, behavior)
  return pm
}

/** A stored payment method by id, or a fresh one made from a test token such as `pm_card_visa`. */
export function resolvePaymentMethod(emulator: Emulator, idOrToken: string, param: string, created?: number) {
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
  for (const subscription of emulator.state.listWhere<StoredSubscription>(
    'subscription',
    'customer',
    customerId,
    (s) => s.default_payment_method === pm.id,
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
