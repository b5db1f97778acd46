import type { Emulator } from '../emulator.js'
import { missingParam, type StripeApiError } from '../http/stripe-api-error.js'
import { cardDeclinedError } from '../payment-methods/card-errors.js'
import {
  attachPaymentMethod,
  type CardInput,
  insertCardPaymentMethod,
  paymentMethodBehavior,
  resolvePaymentMethod,
  validateCard,
} from '../payment-methods/payment-method.js'
import { cardBehavior } from '../payment-methods/test-cards.js'
import { type StoredSetupIntent, setupIntentClock, unexpectedState } from './setup-intent.js'

const confirmable = ['requires_payment_method', 'requires_confirmation', 'requires_action']

/**
 * `POST /v1/setup_intents/:id/confirm`: sets up the payment method (an id or a test token such as `pm_card_visa`)
 * for future use. A card that sets up attaches to the intent's customer (payment_method.attached) and the intent
 * `succeeded`; a declined one leaves it `requires_payment_method` with `last_setup_error`, emits
 * setup_intent.setup_failed and throws Stripe's card_error; one needing 3D Secure turns `requires_action`.
 */
export function confirmSetupIntent(
  emulator: Emulator,
  intent: StoredSetupIntent,
  paymentMethodOrToken?: string,
  options: { authenticated?: boolean } = {},
): StoredSetupIntent {
  if (!confirmable.includes(intent.status)) throw unexpectedState(intent, 'confirm')
  const chosen = paymentMethodOrToken ?? (intent.payment_method as string | null) ?? undefined
  if (!chosen) throw missingParam('payment_method')
  const testClock = setupIntentClock(emulator, intent)
  const pm = resolvePaymentMethod(emulator, chosen, 'payment_method', emulator.now(testClock))
  const behavior = paymentMethodBehavior(emulator, pm.id)
  if (behavior === 'declined' || behavior === 'insufficient_funds') {
    const error = cardDeclinedError(behavior === 'declined' ? 'generic_decline' : 'insufficient_funds')
    failSetup(emulator, intent, error, pm.id)
    throw error
  }
  intent.payment_method = pm.id
  if (behavior === 'requires_action' && !options.authenticated) {
    intent.status = 'requires_action'
    intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: {} }
    emulator.emit('setup_intent.requires_action', intent, { testClock })
    return intent
  }
  if (typeof intent.customer === 'string') attachPaymentMethod(emulator, pm.id, intent.customer)
  intent.status = 'succeeded'
  intent.last_setup_error = null
  intent.next_action = null
  emulator.emit('setup_intent.succeeded', intent, { testClock })
  return intent
}

/**
 * What a hosted card form does: the typed card (checked as Stripe.js would) becomes a payment method and confirms
 * the intent with it, 3D Secure passing as if the customer approved it. Throws a card_error for a bad or declined card.
 */
export function confirmSetupIntentWithCard(
  emulator: Emulator,
  intent: StoredSetupIntent,
  card: CardInput,
): StoredSetupIntent {
  const number = card.number.replace(/[\s-]/g, '')
  validateCard({ ...card, number })
  const pm = insertCardPaymentMethod(emulator, { ...card, number }, cardBehavior(number), {
    created: emulator.now(setupIntentClock(emulator, intent)),
  })
  return confirmSetupIntent(emulator, intent, pm.id, { authenticated: true })
}

function failSetup(emulator: Emulator, intent: StoredSetupIntent, error: StripeApiError, paymentMethod: string): void {
  intent.status = 'requires_payment_method'
  intent.payment_method = null
  intent.last_setup_error = {
    code: error.code as 'card_declined',
    decline_code: error.extra.decline_code as string,
    doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    message: error.message,
    payment_method_type: 'card',
    type: 'card_error',
  }
  emulator.emit('setup_intent.setup_failed', intent, { testClock: setupIntentClock(emulator, intent) })
  error.extra.setup_intent = structuredClone(intent)
  error.extra.payment_method = { id: paymentMethod, object: 'payment_method', type: 'card' }
}
