import {
  buildLine,
  lineFromInvoiceItem,
  type StoredInvoice,
  type StoredInvoiceItem,
} from '../billing/create-invoice.js'
import { discountInvoiceLines } from '../discounts/apply-invoice-discounts.js'
import { storedDiscounts } from '../discounts/discount.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'

/** Throws Stripe's `invoice_not_editable` unless the invoice is still a draft. */
export function requireDraftInvoice(invoice: StoredInvoice, action: string): void {
  if (invoice.status === 'draft') return
  throw invalidRequest(
    `You can only ${action} a draft invoice; invoice ${invoice.id} is ${invoice.status}.`,
    undefined,
    'invoice_not_editable',
  )
}

/** Puts an invoice item on a draft invoice as a line (replacing its line if it has one), then recomputes totals. */
export function putItemOnDraft(emulator: Emulator, invoice: StoredInvoice, item: StoredInvoiceItem): void {
  const line = buildLine(emulator, invoice.id, null, lineFromInvoiceItem(emulator, item))
  const index = invoice.lines.data.findIndex((l) => lineItemId(l) === item.id)
  if (index === -1) invoice.lines.data.push(line)
  else invoice.lines.data[index] = { ...line, id: invoice.lines.data[index]?.id ?? line.id }
  recomputeDraftTotals(emulator, invoice)
}

/** Takes an invoice item's line off a draft invoice and recomputes totals. */
export function takeItemOffDraft(emulator: Emulator, invoice: StoredInvoice, itemId: string): void {
  invoice.lines.data = invoice.lines.data.filter((l) => lineItemId(l) !== itemId)
  recomputeDraftTotals(emulator, invoice)
}

/**
 * A draft's totals from its lines less the invoice's discounts (the customer balance is applied at finalization).
 */
export function recomputeDraftTotals(emulator: Emulator, invoice: StoredInvoice): void {
  const total = invoice.lines.data.reduce((sum, line) => sum + line.amount, 0)
  invoice.subtotal = total
  invoice.subtotal_excluding_tax = total
  invoice.total = total
  invoice.total_excluding_tax = total
  invoice.amount_due = Math.max(0, total)
  invoice.amount_remaining = Math.max(0, total)
  discountInvoiceLines(emulator, invoice, storedDiscounts(emulator, invoice.discounts))
}

function lineItemId(line: StoredInvoice['lines']['data'][number]): string | null {
  return line.parent?.invoice_item_details?.invoice_item ?? line.parent?.subscription_item_details?.invoice_item ?? null
}
