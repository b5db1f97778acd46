import type { StoredInvoiceItem } from '../billing/create-invoice.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'
import {
  addInvoiceItem,
  deleteInvoiceItem,
  type InvoiceItemPricingInput,
  requireInvoiceItem,
  updateInvoiceItem,
} from '../invoicing/invoice-item.js'

const pricingParams = ['amount', 'currency', 'pricing', 'quantity', 'unit_amount_decimal']
const itemParams = ['description', 'discountable', 'metadata', 'period']

function readPricing(params: Params): InvoiceItemPricingInput {
  const pricing = params.object('pricing')
  pricing?.only(['price'])
  const unitAmount = params.string('unit_amount_decimal')
  return {
    price: pricing?.string('price'),
    amount: params.integer('amount'),
    unitAmount: unitAmount === undefined ? undefined : readDecimal(unitAmount),
    currency: params.string('currency'),
    quantity: params.integer('quantity'),
  }
}

function readDecimal(value: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw invalidRequest(`Invalid decimal: ${value}`, 'unit_amount_decimal')
  return Number(value)
}

function readPeriod(params: Params): { start: number; end: number } | undefined {
  const period = params.object('period')
  if (!period) return undefined
  period.only(['start', 'end'])
  const start = period.integer('start')
  const end = period.integer('end')
  if (start === undefined) throw missingParam('period[start]')
  if (end === undefined) throw missingParam('period[end]')
  if (end < start) throw invalidRequest('The period end must be on or after the period start.', 'period[end]')
  return { start, end }
}

export const invoiceItemsRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/invoiceitems',
    handler: ({ params, emulator }) => {
      params.only([...pricingParams, ...itemParams, 'customer', 'invoice', 'subscription'])
      return addInvoiceItem(emulator, {
        ...readPricing(params),
        customer: params.requiredString('customer'),
        invoice: params.string('invoice'),
        subscription: params.string('subscription'),
        description: params.string('description'),
        discountable: params.boolean('discountable'),
        metadata: params.metadata(),
        period: readPeriod(params),
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/invoiceitems/:id',
    handler: ({ pathParams, emulator }) => requireInvoiceItem(emulator, pathParams.id as string),
  },
  {
    method: 'POST',
    pattern: '/v1/invoiceitems/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([...pricingParams.filter((p) => p !== 'currency'), ...itemParams])
      const item = requireInvoiceItem(emulator, pathParams.id as string)
      return updateInvoiceItem(emulator, item, {
        ...readPricing(params),
        description: params.string('description'),
        discountable: params.boolean('discountable'),
        metadata: params.metadata('metadata', (item.metadata as Record<string, string> | null) ?? {}),
        period: readPeriod(params),
      })
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/invoiceitems/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      return deleteInvoiceItem(emulator, requireInvoiceItem(emulator, pathParams.id as string))
    },
  },
  {
    method: 'GET',
    pattern: '/v1/invoiceitems',
    handler: ({ params, emulator }) => {
      params.only(['customer', 'invoice', 'pending', 'created', 'limit', 'starting_after', 'ending_before'])
      const customer = params.string('customer')
      const invoice = params.string('invoice')
      const pending = params.boolean('pending')
      const created = createdFilter(params)
      const items = emulator.state.list<StoredInvoiceItem>(
        'invoiceitem',
        (i) =>
          (customer === undefined || i.customer === customer) &&
          (invoice === undefined || i.invoice === invoice) &&
          (pending === undefined || (i.invoice === null) === pending) &&
          created({ ...i, created: i.date }),
      )
      return paginate(items, params, '/v1/invoiceitems')
    },
  },
]
