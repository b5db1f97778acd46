import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { finalizeInvoice, type StoredInvoice } from './create-invoice.js'
import { collectAutomatically } from './pay-invoice.js'

/**
 * What Stripe does to a draft with `auto_advance` when its `automatically_finalizes_at` comes (an hour after
 * creation): finalizes it and, for `charge_automatically`, attempts the charge.
 */
export function autoAdvanceInvoice(emulator: Emulator, invoice: StoredInvoice): void {
  invoice.automatically_finalizes_at = null
  finalizeInvoice(emulator, invoice, requireCustomer(emulator, invoice.customer as string, 'customer'))
  collectAutomatically(emulator, invoice)
}
