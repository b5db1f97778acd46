import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import type { ApiRoute } from '../http/router.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredPaymentMethod = Stripe.PaymentMethod & StoredObject

export const paymentMethodsRoutes: ApiRoute[] = []

/** Attaches a payment method (or a test token such as `pm_card_visa`) to a customer; emits payment_method.attached. */
export function attachPaymentMethod(
  _emulator: Emulator,
  _paymentMethodOrToken: string,
  _customerId: string,
): StoredPaymentMethod {
  throw new Error('attachPaymentMethod: not built yet')
}

/** Creates an unattached card payment method from a raw card number; throws a card_error for declined or invalid cards. */
export function createCardPaymentMethod(
  _emulator: Emulator,
  _card: { number: string; expMonth: number; expYear: number; cvc?: string },
): StoredPaymentMethod {
  throw new Error('createCardPaymentMethod: not built yet')
}

/** Sets the customer's `invoice_settings.default_payment_method`, emitting customer.updated. */
export function setDefaultPaymentMethod(_emulator: Emulator, _customerId: string, _paymentMethodId: string): void {
  throw new Error('setDefaultPaymentMethod: not built yet')
}
