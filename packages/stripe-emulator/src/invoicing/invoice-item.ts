import type Stripe from 'stripe'
import { insertInvoiceItem, type StoredInvoice, type StoredInvoiceItem } from '../billing/create-invoice.js'
import { requireInvoice } from '../billing/require-invoice.js'
import { requireSubscription } from '../billing/subscription.js'
import { requirePrice, type StoredPrice } from '../catalog/price.js'
import { wireDecimal } from '../catalog/wire-decimal.js'
import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import { invalidRequest, missingParam, noSuchResource } from '../http/stripe-api-error.js'
import { putItemOnDraft, requireDraftInvoice, takeItemOffDraft } from './draft-invoice-lines.js'

/** What an invoice item bills: a one-time price, or an amount (or unit amount) in a currency. */
export interface InvoiceItemPricingInput {
  price?: string
  amount?: number
  unitAmount?: number
  currency?: string
  quantity?: number
}

export interface CreateInvoiceItemInput extends InvoiceItemPricingInput {
  customer: string
  invoice?: string
  subscription?: string
  description?: string
  metadata?: Record<string, string>
  period?: { start: number; end: number }
  discountable?: boolean
}

export interface UpdateInvoiceItemInput extends InvoiceItemPricingInput {
  description?: string
  metadata?: Record<string, string>
  period?: { start: number; end: number }
  discountable?: boolean
}

/** Returns an invoice item or throws Stripe's 404. */
export function requireInvoiceItem(emulator: Emulator, id: string, param = 'id'): StoredInvoiceItem {
  const item = emulator.state.find<StoredInvoiceItem>('invoiceitem', id)
  if (!item) throw noSuchResource('invoiceitem', id, param)
  return item
}

/**
 * Creates an invoice item (`POST /v1/invoiceitems`): pending for the customer's next invoice, for a subscription's
 * next invoice, or a line of a draft invoice. Emits invoiceitem.created (and invoice.updated for a draft).
 */
export function addInvoiceItem(emulator: Emulator, input: CreateInvoiceItemInput): StoredInvoiceItem {
  const customer = requireCustomer(emulator, input.customer, 'customer')
  const testClock = (customer.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  const invoice = input.invoice ? requireInvoice(emulator, input.invoice, 'invoice') : undefined
  if (invoice) {
    requireDraftInvoice(invoice, 'add invoice items to')
    if (invoice.customer !== customer.id) {
      throw invalidRequest(`Invoice ${invoice.id} belongs to another customer.`, 'invoice')
    }
  }
  const subscription = input.subscription ? requireSubscription(emulator, input.subscription, 'subscription') : null
  if (subscription && subscription.customer !== customer.id) {
    throw invalidRequest(
      `The subscription ${subscription.id} does not belong to customer ${customer.id}.`,
      'subscription',
    )
  }
  const priced = readPricing(emulator, input, 1)
  if (invoice) requireSameCurrency(invoice, priced.currency)
  const item = insertInvoiceItem(emulator, {
    customer: customer.id,
    testClock,
    amount: priced.amount,
    currency: priced.currency,
    description: input.description ?? null,
    discountable: input.discountable ?? true,
    invoice: invoice?.id ?? null,
    metadata: input.metadata ?? {},
    parent: subscription
      ? { subscription_details: { subscription: subscription.id }, type: 'subscription_details' }
      : null,
    period: input.period ?? { start: now, end: now },
    pricing: priced.pricing,
    proration: false,
    quantity: priced.quantity,
  })
  if (invoice) changeDraft(emulator, invoice, () => putItemOnDraft(emulator, invoice, item))
  return item
}

/** Updates an invoice item that is pending or on a draft; emits invoiceitem.updated with `previous_attributes`. */
export function updateInvoiceItem(
  emulator: Emulator,
  item: StoredInvoiceItem,
  changes: UpdateInvoiceItemInput,
): StoredInvoiceItem {
  const invoice = editableInvoiceOf(emulator, item, 'update')
  const testClock = (item.test_clock as string | null) ?? null
  const before = structuredClone(item)
  const repriced = changes.price !== undefined || changes.amount !== undefined || changes.unitAmount !== undefined
  if (repriced || changes.quantity !== undefined) {
    const currentPrice = item.pricing?.price_details?.price
    const unitAmount = item.amount / Math.max(1, item.quantity)
    const pricing: InvoiceItemPricingInput = repriced
      ? { ...changes, currency: changes.price === undefined ? item.currency : undefined }
      : typeof currentPrice === 'string'
        ? { price: currentPrice, quantity: changes.quantity }
        : { unitAmount, currency: item.currency, quantity: changes.quantity }
    const priced = readPricing(emulator, pricing, item.quantity)
    if (invoice) requireSameCurrency(invoice, priced.currency)
    item.amount = priced.amount
    item.net_amount = priced.amount
    item.currency = priced.currency
    item.pricing = priced.pricing
    item.quantity = priced.quantity
    item.quantity_decimal = wireDecimal(priced.quantity)
  }
  if (changes.description !== undefined) item.description = changes.description
  if (changes.metadata) item.metadata = changes.metadata
  if (changes.period) item.period = changes.period
  if (changes.discountable !== undefined) item.discountable = changes.discountable
  emitUpdate(emulator, 'invoiceitem.updated', before, item, testClock)
  if (invoice) changeDraft(emulator, invoice, () => putItemOnDraft(emulator, invoice, item))
  return item
}

/** Deletes an invoice item that is pending or on a draft (taking its line off); emits invoiceitem.deleted. */
export function deleteInvoiceItem(
  emulator: Emulator,
  item: StoredInvoiceItem,
): { id: string; object: 'invoiceitem'; deleted: true } {
  const invoice = editableInvoiceOf(emulator, item, 'delete')
  emulator.state.remove(item.id)
  emulator.emit('invoiceitem.deleted', item, { testClock: (item.test_clock as string | null) ?? null })
  if (invoice) changeDraft(emulator, invoice, () => takeItemOffDraft(emulator, invoice, item.id))
  return { id: item.id, object: 'invoiceitem', deleted: true }
}

function editableInvoiceOf(emulator: Emulator, item: StoredInvoiceItem, action: string): StoredInvoice | undefined {
  if (typeof item.invoice !== 'string') return undefined
  const invoice = requireInvoice(emulator, item.invoice, 'invoice')
  if (invoice.status !== 'draft') {
    throw invalidRequest(
      `You cannot ${action} invoice item ${item.id} because it is on invoice ${invoice.id}, which is no longer a draft (status: ${invoice.status}).`,
      undefined,
      'invoice_not_editable',
    )
  }
  return invoice
}

function changeDraft(emulator: Emulator, invoice: StoredInvoice, change: () => void): void {
  const before = structuredClone(invoice)
  change()
  emitUpdate(emulator, 'invoice.updated', before, invoice, (invoice.test_clock as string | null) ?? null)
}

function requireSameCurrency(invoice: StoredInvoice, currency: string): void {
  if (invoice.lines.data.length === 0) {
    invoice.currency = currency
    return
  }
  if (invoice.currency !== currency) {
    throw invalidRequest(
      `The currency of this invoice item (${currency}) must match the currency of invoice ${invoice.id} (${invoice.currency}).`,
      'currency',
    )
  }
}

interface Priced {
  amount: number
  currency: string
  quantity: number
  pricing: Stripe.InvoiceItem.Pricing
}

/** An item's amount, currency and `pricing` from a one-time price, an amount, or a unit amount times quantity. */
function readPricing(emulator: Emulator, input: InvoiceItemPricingInput, defaultQuantity: number): Priced {
  const quantity = input.quantity ?? defaultQuantity
  if (!Number.isInteger(quantity) || quantity < 0) {
    throw invalidRequest('Invalid quantity: must be a non-negative integer.', 'quantity')
  }
  const given = [
    input.price !== undefined ? 'pricing[price]' : null,
    input.amount !== undefined ? 'amount' : null,
    input.unitAmount !== undefined ? 'unit_amount_decimal' : null,
  ].filter((name) => name !== null)
  if (given.length > 1) {
    throw invalidRequest(
      `You may only specify one of these parameters: ${given.join(', ')}.`,
      given[1] ?? undefined,
      'parameters_exclusive',
    )
  }
  if (input.price !== undefined) {
    const price: StoredPrice = requirePrice(emulator, input.price, 'pricing[price]')
    if (price.type !== 'one_time') {
      throw invalidRequest(
        'The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.',
        'pricing[price]',
      )
    }
    if (input.currency !== undefined && input.currency.toLowerCase() !== price.currency) {
      throw invalidRequest(
        `The currency ${input.currency} does not match the price's currency ${price.currency}.`,
        'currency',
      )
    }
    return {
      amount: (price.unit_amount ?? 0) * quantity,
      currency: price.currency,
      quantity,
      pricing: {
        price_details: { price: price.id, product: price.product as string },
        type: 'price_details',
        unit_amount_decimal: wireDecimal(price.unit_amount ?? 0),
      },
    }
  }
  if (input.amount === undefined && input.unitAmount === undefined) throw missingParam('amount')
  if (!input.currency) throw missingParam('currency')
  const amount = input.amount ?? Math.round((input.unitAmount ?? 0) * quantity)
  return {
    amount,
    currency: input.currency.toLowerCase(),
    quantity,
    pricing: {
      type: 'price_details',
      unit_amount_decimal: input.unitAmount !== undefined ? wireDecimal(input.unitAmount) : null,
    },
  }
}
