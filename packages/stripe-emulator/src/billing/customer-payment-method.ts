import type { StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import { attachPaymentMethod } from '../payment-methods/payment-method.js'
import type { StoredObject } from '../state/emulator-state.js'

/** A payment method id attached to this customer, or a test token attached now (as Stripe does with `pm_card_visa`). */
export function requireCustomerPaymentMethod(
  emulator: Emulator,
  customer: StoredCustomer,
  idOrToken: string,
  param: string,
): string {
  if (/^(pm_card_|tok_)/.test(idOrToken)) return attachPaymentMethod(emulator, idOrToken, customer.id, param).id
  const pm = emulator.state.find<StoredObject & { customer: string | null }>('payment_method', idOrToken)
  if (!pm) throw noSuchResource('PaymentMethod', idOrToken, param)
  if (pm.customer !== customer.id) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${idOrToken}. The payment method must be attached to the customer.`,
      param,
      'resource_missing',
    )
  }
  return pm.id
}
