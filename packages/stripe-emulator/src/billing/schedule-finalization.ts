import type Stripe from 'stripe'
import type { StoredInvoice } from './create-invoice.js'

type FinalizationFields = Pick<Stripe.Invoice, 'automatically_finalizes_at' | 'next_payment_attempt'>

/**
 * When a draft finalizes on its own (null: never), and with it `next_payment_attempt`: Stripe's "time at which
 * payment will next be attempted" is, for a draft charged automatically, its finalization; an invoice sent for
 * payment (`send_invoice`) has none.
 */
export function finalizationFields(
  collectionMethod: Stripe.Invoice.CollectionMethod,
  at: number | null,
): FinalizationFields {
  return {
    automatically_finalizes_at: at,
    next_payment_attempt: at !== null && collectionMethod === 'charge_automatically' ? at : null,
  }
}

/** Sets `finalizationFields` on a stored draft. */
export function scheduleFinalization(invoice: StoredInvoice, at: number | null): void {
  Object.assign(invoice, finalizationFields(invoice.collection_method, at))
}
