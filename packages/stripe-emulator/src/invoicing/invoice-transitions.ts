import {
  finalizeInvoice,
  markUncollectible,
  type StoredInvoice,
  type StoredInvoiceItem,
} from '../billing/create-invoice.js'
import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { requireDraftInvoice } from './draft-invoice-lines.js'
import type { InvoiceDueTerms } from './one-off-invoice.js'

/**
 * Finalizes a draft (`POST /v1/invoices/:id/finalize`): number, hosted URLs, status `open`, invoice.finalized
 * (and paid at once when nothing is owed). `autoAdvance` overrides the invoice's setting.
 */
export function finalizeDraftInvoice(emulator: Emulator, invoice: StoredInvoice, autoAdvance?: boolean): StoredInvoice {
  if (invoice.status !== 'draft') {
    throw invalidRequest(
      `This invoice is already finalized, you can't re-finalize a non-draft invoice.`,
      undefined,
      'invoice_not_editable',
    )
  }
  if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance
  invoice.automatically_finalizes_at = null
  const { daysUntilDue } = emulator.state.hidden<InvoiceDueTerms>(invoice.id)
  if (invoice.collection_method === 'send_invoice' && daysUntilDue !== undefined) {
    invoice.due_date = emulator.now((invoice.test_clock as string | null) ?? null) + daysUntilDue * 86_400
  }
  return finalizeInvoice(emulator, invoice, requireCustomer(emulator, invoice.customer as string, 'customer'))
}

/** Marks an open invoice uncollectible (nothing more is expected) and emits invoice.marked_uncollectible. */
export function markInvoiceUncollectible(emulator: Emulator, invoice: StoredInvoice): StoredInvoice {
  if (invoice.status !== 'open') {
    throw invalidRequest(
      `You can only mark an open invoice as uncollectible; this invoice is ${invoice.status}.`,
      undefined,
      'invoice_not_editable',
    )
  }
  markUncollectible(emulator, invoice)
  return invoice
}

/**
 * Sends a `send_invoice` invoice to the customer (`POST /v1/invoices/:id/send`), finalizing a draft first; no email
 * leaves the emulator. Emits invoice.sent.
 */
export function sendInvoice(emulator: Emulator, invoice: StoredInvoice): StoredInvoice {
  if (invoice.collection_method !== 'send_invoice') {
    throw invalidRequest(
      "You can only manually send an invoice if its collection method is 'send_invoice'.",
      undefined,
      'invoice_not_editable',
    )
  }
  if (invoice.status === 'void') {
    throw invalidRequest('You cannot send a void invoice.', undefined, 'invoice_not_editable')
  }
  if (invoice.status === 'draft') finalizeDraftInvoice(emulator, invoice)
  emulator.emit('invoice.sent', invoice, { testClock: (invoice.test_clock as string | null) ?? null })
  return invoice
}

/**
 * Deletes a draft invoice (`DELETE /v1/invoices/:id`); its invoice items go back to pending. Emits invoice.deleted.
 */
export function deleteDraftInvoice(
  emulator: Emulator,
  invoice: StoredInvoice,
): { id: string; object: 'invoice'; deleted: true } {
  requireDraftInvoice(invoice, 'delete')
  for (const item of emulator.state.list<StoredInvoiceItem>('invoiceitem', (i) => i.invoice === invoice.id)) {
    item.invoice = null
  }
  emulator.state.remove(invoice.id)
  emulator.emit('invoice.deleted', invoice, { testClock: (invoice.test_clock as string | null) ?? null })
  return { id: invoice.id, object: 'invoice', deleted: true }
}
