import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import type { ApiRoute } from '../http/router.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredInvoice = Stripe.Invoice & StoredObject

export const invoicesRoutes: ApiRoute[] = []

/** Pays the customer's open invoices with its current default card (after the customer fixes its payment method). */
export function retryOpenInvoices(_emulator: Emulator, _customerId: string): void {
  throw new Error('retryOpenInvoices: not built yet')
}
