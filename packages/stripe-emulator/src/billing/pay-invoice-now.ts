import type { Emulator } from '../emulator.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import { isCardSourceOf } from '../payment-methods/card-source.js'
import { attachPaymentMethod, requirePaymentMethod } from '../payment-methods/payment-method.js'
import { markInvoicePaid, type StoredInvoice } from './create-invoice.js'
import { payInvoice } from './pay-invoice.js'
import { subscriptionAfterInvoicePaid } from './settle-subscription.js'

/**
 * Pays an open invoice now (`POST /v1/invoices/:id/pay`) with the given payment method (attached to the invoice's
 * customer first if needed) or the default one. Throws the card_error of a failed charge.
 */
export function payInvoiceNow(
  emulator: Emulator,
  invoice: StoredInvoice,
  options: { paymentMethod?: string; paidOutOfBand?: boolean } = {},
): StoredInvoice {
  if (invoice.status === 'paid') throw new StripeApiError(400, 'invalid_request_error', 'Invoice is already paid.')
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `You can only pay an open invoice; this invoice is ${invoice.status}.`,
      'invoice_not_editable',
    )
  }
  if (options.paidOutOfBand) {
    markInvoicePaid(emulator, invoice, (invoice.test_clock as string | null) ?? null)
    subscriptionAfterInvoicePaid(emulator, invoice)
    return invoice
  }
  let paymentMethod: string | undefined
  const customerId = invoice.customer as string
  if (options.paymentMethod && isCardSourceOf(emulator, options.paymentMethod, customerId)) {
    paymentMethod = options.paymentMethod
  } else if (options.paymentMethod) {
    const existing = /^(pm_card_|tok_)/.test(options.paymentMethod)
      ? undefined
      : requirePaymentMethod(emulator, options.paymentMethod, 'payment_method')
    paymentMethod =
      existing && existing.customer === customerId
        ? existing.id
        : attachPaymentMethod(emulator, options.paymentMethod, customerId, 'payment_method').id
  }
  const outcome = payInvoice(emulator, invoice, { paymentMethod, automatic: false })
  if (!outcome.paid) throw outcome.error
  return invoice
}
