import type Stripe from 'stripe'
import { markInvoicePaid, type StoredInvoice, voidInvoice } from '../billing/create-invoice.js'
import { payInvoice, subscriptionOfInvoice } from '../billing/pay-invoice.js'
import { subscriptionAfterInvoicePaid } from '../billing/settle-subscription.js'
import type { Emulator } from '../emulator.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, noSuchResource, StripeApiError } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import { requireCustomer } from './customers.js'
import { attachPaymentMethod, requirePaymentMethod } from './payment-methods.js'

export type { StoredInvoice } from '../billing/create-invoice.js'

/** Returns an invoice or throws Stripe's 404. */
export function requireInvoice(emulator: Emulator, id: string, param = 'invoice'): StoredInvoice {
  const invoice = emulator.state.find<StoredInvoice>('invoice', id)
  if (!invoice) throw noSuchResource('invoice', id, param)
  return invoice
}

/**
 * Pays the customer's open invoices, oldest first, with its current default card (after the customer fixed its
 * payment method). Invoices of ended subscriptions are left alone. A paid invoice brings its past_due, unpaid or
 * incomplete subscription back to `active`.
 */
export function retryOpenInvoices(emulator: Emulator, customerId: string): void {
  const customer = requireCustomer(emulator, customerId, 'customer')
  const defaultCard = customer.invoice_settings?.default_payment_method
  const open = emulator.state
    .list<StoredInvoice>('invoice', (i) => i.status === 'open' && i.customer === customer.id)
    .reverse()
  for (const invoice of open) {
    const subscription = subscriptionOfInvoice(emulator, invoice)
    if (subscription && ['canceled', 'incomplete_expired'].includes(subscription.status)) continue
    payInvoice(emulator, invoice, {
      paymentMethod: typeof defaultCard === 'string' ? defaultCard : null,
      automatic: false,
    })
  }
}

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
  if (invoice.status !== 'open') {
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
  if (options.paymentMethod) {
    const customerId = invoice.customer as string
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

const statuses = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const

export const invoicesRoutes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/v1/invoices',
    handler: ({ params, emulator }) => {
      params.only([
        'customer',
        'subscription',
        'status',
        'collection_method',
        'created',
        'due_date',
        'limit',
        'starting_after',
        'ending_before',
      ])
      const customer = params.string('customer')
      const subscription = params.string('subscription')
      const status = params.enum('status', statuses)
      const collectionMethod = params.enum('collection_method', ['charge_automatically', 'send_invoice'] as const)
      const created = createdFilter(params)
      const items = emulator.state.list<StoredInvoice>(
        'invoice',
        (i) =>
          (customer === undefined || i.customer === customer) &&
          (subscription === undefined || i.parent?.subscription_details?.subscription === subscription) &&
          (status === undefined || i.status === status) &&
          (collectionMethod === undefined || i.collection_method === collectionMethod) &&
          created(i),
      )
      return paginate(items, params, '/v1/invoices')
    },
  },
  {
    method: 'GET',
    pattern: '/v1/invoices/:id',
    handler: ({ pathParams, emulator }) => requireInvoice(emulator, pathParams.id as string, 'invoice'),
  },
  {
    method: 'GET',
    pattern: '/v1/invoices/:id/lines',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['limit', 'starting_after', 'ending_before'])
      const invoice = requireInvoice(emulator, pathParams.id as string, 'invoice')
      const lines = invoice.lines.data as (Stripe.InvoiceLineItem & StoredObject)[]
      return paginate(lines, params, `/v1/invoices/${invoice.id}/lines`)
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/pay',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['payment_method', 'off_session', 'paid_out_of_band', 'forgive'])
      params.boolean('off_session')
      params.boolean('forgive')
      const invoice = requireInvoice(emulator, pathParams.id as string, 'invoice')
      return payInvoiceNow(emulator, invoice, {
        paymentMethod: params.string('payment_method'),
        paidOutOfBand: params.boolean('paid_out_of_band'),
      })
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/void',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      const invoice = requireInvoice(emulator, pathParams.id as string, 'invoice')
      if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
        throw invalidRequest(
          `You can only void an open invoice; this invoice is ${invoice.status}.`,
          undefined,
          'invoice_not_editable',
        )
      }
      voidInvoice(emulator, invoice)
      return invoice
    },
  },
]
