import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import type { CardInput } from '../payment-methods/payment-method.js'
import { confirmSetupIntentWithCard } from '../setup-intents/confirm-setup-intent.js'
import { requireSetupIntent } from '../setup-intents/setup-intent.js'
import { requireCheckoutSession, type StoredCheckoutSession } from './checkout-session.js'
import { customerDetails } from './customer-details.js'

/**
 * What the hosted Checkout page does in `setup` mode on "Save card": confirms the session's SetupIntent with the card
 * (attaching it to the session's customer, if any; nothing is charged) and completes the session, emitting
 * `checkout.session.completed` with its `setup_intent`. A refused card throws a card_error; the session stays open.
 */
export function completeSetupSession(emulator: Emulator, sessionId: string, card: CardInput): StoredCheckoutSession {
  const session = requireCheckoutSession(emulator, sessionId)
  if (session.status !== 'open' || session.mode !== 'setup' || !session.setup_intent) {
    throw invalidRequest(
      `This Checkout Session is ${session.status} and can no longer be completed.`,
      'checkout_session',
    )
  }
  const intent = requireSetupIntent(emulator, session.setup_intent as string, 'setup_intent')
  confirmSetupIntentWithCard(emulator, intent, card)
  const customer = session.customer ? requireCustomer(emulator, session.customer as string) : null
  session.status = 'complete'
  session.customer_details = customer ? customerDetails(customer) : null
  session.collected_information = { business_name: null, individual_name: null, shipping_details: null }
  session.url = null
  emulator.emit('checkout.session.completed', session)
  return session
}
