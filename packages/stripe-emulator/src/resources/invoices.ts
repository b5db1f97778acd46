import type Stripe from 'stripe'
import { type StoredInvoice, voidInvoice } from '../billing/create-invoice.js'
import { payInvoiceNow } from '../billing/pay-invoice-now.js'
import { requireInvoice } from '../billing/require-invoice.js'
import { readDiscountsParam } from '../discounts/read-discounts-param.js'
import { createdFilter, paginate, paginateStored } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import {
  deleteDraftInvoice,
  finalizeDraftInvoice,
  markInvoiceUncollectible,
  sendInvoice,
} from '../invoicing/invoice-transitions.js'
import { createOneOffInvoice, type InvoiceCollectionInput, updateInvoice } from '../invoicing/one-off-invoice.js'
import type { StoredObject } from '../state/emulator-state.js'

const statuses = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const
const collectionMethods = ['charge_automatically', 'send_invoice'] as const

function readCollection(params: Params): InvoiceCollectionInput {
  return {
    collectionMethod: params.enum('collection_method', collectionMethods),
    daysUntilDue: params.integer('days_until_due'),
    dueDate: params.integer('due_date'),
  }
}

export const invoicesRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/invoices',
    handler: ({ params, emulator }) => {
      params.only([
        'customer',
        'pending_invoice_items_behavior',
        'collection_method',
        'days_until_due',
        'due_date',
        'auto_advance',
        'currency',
        'description',
        'footer',
        'metadata',
        'default_payment_method',
        'discounts',
      ])
      return createOneOffInvoice(emulator, {
        customer: params.requiredString('customer'),
        pendingInvoiceItemsBehavior: params.enum('pending_invoice_items_behavior', ['include', 'exclude'] as const),
        ...readCollection(params),
        autoAdvance: params.boolean('auto_advance'),
        currency: params.string('currency'),
        description: params.string('description'),
        footer: params.string('footer'),
        metadata: params.metadata(),
        defaultPaymentMethod: params.string('default_payment_method'),
        discounts: readDiscountsParam(params),
      })
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([
        'collection_method',
        'days_until_due',
        'due_date',
        'auto_advance',
        'description',
        'footer',
        'metadata',
        'default_payment_method',
        'discounts',
      ])
      const invoice = requireInvoice(emulator, pathParams.id as string, 'invoice')
      return updateInvoice(emulator, invoice, {
        ...readCollection(params),
        autoAdvance: params.boolean('auto_advance'),
        description: params.nullableString('description'),
        footer: params.nullableString('footer'),
        metadata: params.metadata('metadata', (invoice.metadata as Record<string, string> | null) ?? {}),
        defaultPaymentMethod: params.nullableString('default_payment_method'),
        discounts: readDiscountsParam(params),
      })
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/invoices/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      return deleteDraftInvoice(emulator, requireInvoice(emulator, pathParams.id as string, 'invoice'))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/finalize',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['auto_advance'])
      const invoice = requireInvoice(emulator, pathParams.id as string, 'invoice')
      return finalizeDraftInvoice(emulator, invoice, params.boolean('auto_advance'))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/mark_uncollectible',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      return markInvoiceUncollectible(emulator, requireInvoice(emulator, pathParams.id as string, 'invoice'))
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/send',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      return sendInvoice(emulator, requireInvoice(emulator, pathParams.id as string, 'invoice'))
    },
  },
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
      const filter = (i: StoredInvoice) =>
        (customer === undefined || i.customer === customer) &&
        (subscription === undefined || i.parent?.subscription_details?.subscription === subscription) &&
        (status === undefined || i.status === status) &&
        (collectionMethod === undefined || i.collection_method === collectionMethod) &&
        created(i)
      return paginateStored(
        emulator.state,
        { type: 'invoice', filter, links: { customer, subscription } },
        params,
        '/v1/invoices',
      )
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
      // Stripe finalizes a draft before paying it.
      if (invoice.status === 'draft') {
        finalizeDraftInvoice(emulator, invoice)
        if (invoice.status === 'paid') return invoice
      }
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
