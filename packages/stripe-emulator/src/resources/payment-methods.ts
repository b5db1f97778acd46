import type { Emulator } from '../emulator.js'
import type { ApiRoute } from '../http/router.js'
import type { StoredObject } from '../state/emulator-state.js'

export const paymentMethodsRoutes: ApiRoute[] = []

/** Attaches a payment method (or a test token such as `pm_card_visa`) to a customer; emits payment_method.attached. */
export function attachPaymentMethod(_emulator: Emulator, _paymentMethod: string, _customerId: string): StoredObject {
  throw new Error('attachPaymentMethod: not built yet')
}
