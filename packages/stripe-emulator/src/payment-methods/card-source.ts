import type Stripe from 'stripe'
import type { StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import { cardDeclinedError } from './card-errors.js'
import { setChargeBehavior } from './payment-method.js'
import { cardBrand, cardFingerprint, cardFunding, type TestCard, testCardForToken } from './test-cards.js'

/** A legacy card source (`card_…`) on a customer, made from a test token such as `tok_visa`. */
export type StoredCard = Stripe.Card & StoredObject

const brandNames: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'MasterCard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners: 'Diners Club',
  unionpay: 'UnionPay',
}

/**
 * Adds a card made from a test token to a customer (the default source when it has none) and emits
 * customer.source.created. A token of a declined card fails with its card_error, as at Stripe.
 */
export function addCardSource(
  emulator: Emulator,
  customer: StoredCustomer,
  token: string,
  param = 'source',
): StoredCard {
  const testCard = usableCardToken(token, param)
  const { number } = testCard
  const card: StoredCard = {
    id: emulator.state.newId('card'),
    object: 'card',
    address_city: null,
    address_country: null,
    address_line1: null,
    address_line1_check: null,
    address_line2: null,
    address_state: null,
    address_zip: null,
    address_zip_check: null,
    brand: brandNames[cardBrand(number)] ?? 'Unknown',
    country: 'US',
    customer: customer.id,
    cvc_check: 'pass',
    dynamic_last4: null,
    exp_month: 12,
    exp_year: new Date().getUTCFullYear() + 1,
    fingerprint: cardFingerprint(number),
    funding: cardFunding(number),
    last4: number.slice(-4),
    metadata: {},
    name: null,
    regulated_status: 'unregulated',
    tokenization_method: null,
  }
  emulator.state.insert(card)
  setChargeBehavior(emulator, card.id, testCard.behavior)
  if (!customer.default_source) customer.default_source = card.id
  emulator.emit('customer.source.created', card, { testClock: (customer.test_clock as string | null) ?? null })
  return card
}

/** The test card behind a `tok_…` a card source can be made from; throws its 404 or card_error otherwise. */
export function usableCardToken(token: string, param = 'source'): TestCard {
  const testCard = token.startsWith('tok_') ? testCardForToken(token) : undefined
  if (!testCard) throw noSuchResource('token', token, param)
  if (testCard.behavior === 'declined') throw cardDeclinedError()
  if (testCard.behavior === 'insufficient_funds') throw cardDeclinedError('insufficient_funds')
  return testCard
}

/** The customer's card sources, newest first. */
export function cardSourcesOf(emulator: Emulator, customerId: string): StoredCard[] {
  return emulator.state.list<StoredCard>('card', (card) => card.customer === customerId)
}

/** Whether `id` names a card source of this customer (a legacy card can be charged like a payment method). */
export function isCardSourceOf(emulator: Emulator, id: string, customerId: string): boolean {
  return emulator.state.find<StoredCard>('card', id)?.customer === customerId
}

/** A card source of this customer, or Stripe's 404. */
export function requireCardSource(emulator: Emulator, customer: StoredCustomer, id: string): StoredCard {
  const card = emulator.state.find<StoredCard>('card', id)
  if (!card || card.customer !== customer.id) throw noSuchResource('source', id, 'id')
  return card
}

/**
 * Deletes a card source and emits customer.source.deleted; when it was the default, the newest remaining card
 * (or none) becomes the default. The caller announces the customer change.
 */
export function removeCardSource(
  emulator: Emulator,
  customer: StoredCustomer,
  card: StoredCard,
): { id: string; object: 'card'; deleted: true } {
  emulator.state.remove(card.id)
  emulator.emit('customer.source.deleted', card, { testClock: (customer.test_clock as string | null) ?? null })
  if (customer.default_source === card.id) customer.default_source = cardSourcesOf(emulator, customer.id)[0]?.id ?? null
  return { id: card.id, object: 'card', deleted: true }
}
