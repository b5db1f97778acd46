import type { Emulator } from '../emulator.js'
import { noSuchResource } from '../http/stripe-api-error.js'
import type { StoredInvoice } from './create-invoice.js'

/** Returns an invoice or throws Stripe's 404. */
export function requireInvoice(emulator: Emulator, id: string, param = 'invoice'): StoredInvoice {
  const invoice = emulator.state.find<StoredInvoice>('invoice', id)
  if (!invoice) throw noSuchResource('invoice', id, param)
  return invoice
}
