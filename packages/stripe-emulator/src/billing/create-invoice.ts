import type Stripe from 'stripe'
import type { StoredPrice } from '../catalog/price.js'
import { wireDecimal } from '../catalog/wire-decimal.js'
import type { StoredCustomer } from '../customers/customer.js'
import { applyInvoiceDiscounts } from '../discounts/apply-invoice-discounts.js'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import type { StoredObject } from '../state/emulator-state.js'
import { applyCustomerBalance } from './apply-customer-balance.js'
import type { StoredSubscription } from './subscription.js'
import { subscriptionOfInvoice } from './subscription-of-invoice.js'

export type StoredInvoice = Stripe.Invoice & StoredObject
export type StoredInvoiceItem = Stripe.InvoiceItem & StoredObject

/** One line to bill: a subscription item for a period, or a pending invoice item (a proration). */
export interface InvoiceLineInput {
  /** Null for an invoice item billed by `amount` rather than a price. */
  price: StoredPrice | null
  /** Defaults to the price's currency. */
  currency?: string
  quantity: number
  amount: number
  description: string
  period: { start: number; end: number }
  subscriptionItem: string | null
  proration: boolean
  invoiceItem: string | null
  /** For a proration: the discounts its amount is already net of, listed with amount 0 as Stripe does. */
  discounts?: string[]
}

export interface CreateInvoiceInput {
  /** Pre-allocated id, so a subscription can name its `latest_invoice` before the invoice exists. */
  id?: string
  customer: StoredCustomer
  subscription: StoredSubscription | null
  billingReason: Stripe.Invoice.BillingReason
  lines: InvoiceLineInput[]
  /** Also bill the subscription's pending invoice items (prorations waiting for the next invoice). */
  includePendingItems?: boolean
  periodStart: number
  periodEnd: number
  /** Fields a one-off invoice sets at creation (collection method, due date, description, metadata...). */
  fields?: Partial<Stripe.Invoice>
}

/** Creates a draft invoice with its lines and emits invoice.created. */
export function createInvoice(emulator: Emulator, input: CreateInvoiceInput): StoredInvoice {
  const { customer, subscription } = input
  const testClock = (customer.test_clock as string | null) ?? null
  const id = input.id ?? emulator.state.newId('in')
  const pending = input.includePendingItems && subscription ? pendingInvoiceItems(emulator, subscription.id) : []
  for (const item of pending) item.invoice = id
  const lines = [...input.lines, ...pending.map((item) => lineFromInvoiceItem(emulator, item))]
  const invoice = buildInvoice(emulator, { ...input, id, lines })
  applyInvoiceDiscounts(emulator, invoice, subscription)
  emulator.state.insert(invoice)
  emulator.emit('invoice.created', invoice, { testClock })
  return invoice
}

/** The draft invoice of `lines`, before discounts, neither stored nor announced (what createInvoice and previews build). */
export function buildInvoice(
  emulator: Emulator,
  input: Omit<CreateInvoiceInput, 'includePendingItems'> & { id: string },
): StoredInvoice {
  const { customer, subscription, id } = input
  const testClock = (customer.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  const lineInputs = input.lines
  const currency = subscription?.currency ?? (lineInputs[0] ? lineCurrency(lineInputs[0]) : 'usd')
  const lines = lineInputs.map((line) => buildLine(emulator, id, subscription?.id ?? null, line))
  const total = lines.reduce((sum, line) => sum + line.amount, 0)
  const invoice: StoredInvoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: emulator.settings.businessName,
    account_tax_ids: null,
    amount_due: Math.max(0, total),
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: Math.max(0, total),
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: subscription?.collection_method ?? 'charge_automatically',
    created: now,
    currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email ?? null,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: customer.tax_exempt ?? 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: subscription
      ? {
          quote_details: null,
          subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id },
          type: 'subscription_details',
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.periodEnd,
    period_start: input.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: { amount_tax_display: null, pdf: { page_size: 'auto' }, template: null, template_version: null },
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: testClock,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
    ...input.fields,
  }
  return invoice
}

/**
 * Finalizes a draft: number, hosted URLs, the customer's credit balance applied. An invoice with nothing
 * left to pay is paid at once (invoice.paid) without a charge. Emits invoice.finalized.
 */
export function finalizeInvoice(emulator: Emulator, invoice: StoredInvoice, customer: StoredCustomer): StoredInvoice {
  const testClock = (customer.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  const sequence = customer.next_invoice_sequence ?? 1
  customer.next_invoice_sequence = sequence + 1
  const balanceBefore = structuredClone(customer)
  invoice.ending_balance = applyCustomerBalance(invoice, customer.balance ?? 0)
  customer.balance = invoice.ending_balance
  invoice.number = `${customer.invoice_prefix}-${String(sequence).padStart(4, '0')}`
  invoice.status = 'open'
  invoice.status_transitions = { ...invoice.status_transitions, finalized_at: now }
  invoice.effective_at = now
  invoice.webhooks_delivered_at = now
  invoice.hosted_invoice_url = `${emulator.url}/i/${invoice.id}`
  invoice.invoice_pdf = `${emulator.url}/i/${invoice.id}/pdf`
  const sentBy = sendingSubscription(emulator, invoice)
  if (sentBy) invoice.due_date = now + (sentBy.days_until_due ?? 0) * 86_400
  if (customer.balance !== balanceBefore.balance) {
    emitUpdate(emulator, 'customer.updated', balanceBefore, customer, testClock)
  }
  emulator.emit('invoice.finalized', invoice, { testClock })
  if (invoice.amount_due === 0) markInvoicePaid(emulator, invoice, testClock)
  else if (sentBy) emulator.emit('invoice.sent', invoice, { testClock })
  return invoice
}

/**
 * The subscription that sends this invoice for payment (`collection_method: send_invoice`): Stripe dates it
 * `days_until_due` after finalization and sends it at once, where a one-off invoice waits for `send`.
 */
function sendingSubscription(emulator: Emulator, invoice: StoredInvoice): StoredSubscription | undefined {
  return invoice.collection_method === 'send_invoice' ? subscriptionOfInvoice(emulator, invoice) : undefined
}

/** Marks an open invoice paid in full and emits invoice.paid and invoice.payment_succeeded. */
export function markInvoicePaid(emulator: Emulator, invoice: StoredInvoice, testClock: string | null): void {
  invoice.status = 'paid'
  invoice.amount_paid = invoice.amount_due
  invoice.amount_remaining = 0
  invoice.auto_advance = false
  invoice.next_payment_attempt = null
  invoice.status_transitions = { ...invoice.status_transitions, paid_at: emulator.now(testClock) }
  emulator.emit('invoice.paid', invoice, { testClock })
  emulator.emit('invoice.payment_succeeded', invoice, { testClock })
}

/** Voids an open invoice (nothing more is owed) and emits invoice.voided. */
export function voidInvoice(emulator: Emulator, invoice: StoredInvoice): void {
  const testClock = (invoice.test_clock as string | null) ?? null
  invoice.status = 'void'
  invoice.amount_remaining = 0
  invoice.auto_advance = false
  invoice.next_payment_attempt = null
  invoice.status_transitions = { ...invoice.status_transitions, voided_at: emulator.now(testClock) }
  emulator.emit('invoice.voided', invoice, { testClock })
}

/** Marks an invoice uncollectible (nothing more is expected) and emits invoice.marked_uncollectible. */
export function markUncollectible(emulator: Emulator, invoice: StoredInvoice): void {
  const testClock = (invoice.test_clock as string | null) ?? null
  invoice.status = 'uncollectible'
  invoice.auto_advance = false
  invoice.next_payment_attempt = null
  invoice.status_transitions = { ...invoice.status_transitions, marked_uncollectible_at: emulator.now(testClock) }
  emulator.emit('invoice.marked_uncollectible', invoice, { testClock })
}

/** Invoice items of a subscription not yet on an invoice, oldest first. */
export function pendingInvoiceItems(emulator: Emulator, subscriptionId: string): StoredInvoiceItem[] {
  return emulator.state
    .listWhere<StoredInvoiceItem>('invoiceitem', 'subscription', subscriptionId, (item) => item.invoice === null)
    .reverse()
}

/** Stores a pending invoice item (a proration) for a subscription's next invoice. */
export function createInvoiceItem(
  emulator: Emulator,
  subscription: StoredSubscription,
  line: Omit<InvoiceLineInput, 'invoiceItem'>,
): StoredInvoiceItem {
  return insertInvoiceItem(emulator, {
    customer: subscription.customer as string,
    testClock: (subscription.test_clock as string | null) ?? null,
    amount: line.amount,
    currency: lineCurrency(line),
    description: line.description,
    discountable: !line.proration,
    invoice: null,
    metadata: {},
    parent: {
      subscription_details: {
        subscription: subscription.id,
        ...(line.subscriptionItem ? { subscription_item: line.subscriptionItem } : {}),
      },
      type: 'subscription_details',
    },
    period: line.period,
    pricing: linePricing(line),
    proration: line.proration,
    ...(line.proration ? { proration_details: { credited_items: null, discount_amounts: zeroAmounts(line) } } : {}),
    quantity: line.quantity,
  })
}

export type InvoiceItemFields = Pick<
  Stripe.InvoiceItem,
  | 'amount'
  | 'currency'
  | 'description'
  | 'discountable'
  | 'invoice'
  | 'metadata'
  | 'parent'
  | 'period'
  | 'pricing'
  | 'proration'
  | 'proration_details'
  | 'quantity'
> & { customer: string; testClock: string | null }

/** Stores an invoice item dated on the customer's clock and emits invoiceitem.created. */
export function insertInvoiceItem(emulator: Emulator, fields: InvoiceItemFields): StoredInvoiceItem {
  const { testClock, ...rest } = fields
  const item: StoredInvoiceItem = {
    id: emulator.state.newId('ii'),
    object: 'invoiceitem',
    ...rest,
    customer_account: null,
    date: emulator.now(testClock),
    discounts: [],
    livemode: false,
    net_amount: fields.amount,
    quantity_decimal: wireDecimal(fields.quantity),
    tax_rates: [],
    test_clock: testClock,
  }
  emulator.state.insert(item)
  emulator.emit('invoiceitem.created', item, { testClock })
  return item
}

/** The line an invoice item becomes on an invoice. */
export function lineFromInvoiceItem(emulator: Emulator, item: StoredInvoiceItem): InvoiceLineInput {
  const priceId = item.pricing?.price_details?.price
  const price = typeof priceId === 'string' ? (emulator.state.find<StoredPrice>('price', priceId) ?? null) : null
  if (priceId && !price) throw new Error(`invoice item ${item.id} names no stored price`)
  return {
    price,
    currency: item.currency,
    quantity: item.quantity,
    amount: item.amount,
    description: item.description ?? '',
    period: item.period,
    subscriptionItem: item.parent?.subscription_details?.subscription_item ?? null,
    proration: item.proration,
    invoiceItem: item.id,
    discounts: (item.proration_details?.discount_amounts ?? []).map((d) =>
      typeof d.discount === 'string' ? d.discount : d.discount.id,
    ),
  }
}

/** Builds an invoice line (`il_…`) for an invoice; exported for lines added to a draft later. */
export function buildLine(
  emulator: Emulator,
  invoiceId: string,
  subscriptionId: string | null,
  line: InvoiceLineInput,
): Stripe.InvoiceLineItem {
  return {
    id: emulator.state.newId('il'),
    object: 'line_item',
    amount: line.amount,
    currency: lineCurrency(line),
    description: line.description,
    discount_amounts: zeroAmounts(line),
    discountable: !line.proration,
    discounts: line.discounts ?? [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: line.subscriptionItem
      ? {
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: line.invoiceItem,
            proration: line.proration,
            proration_details: { credited_items: null },
            subscription: subscriptionId,
            subscription_item: line.subscriptionItem,
          },
          type: 'subscription_item_details',
        }
      : {
          invoice_item_details: {
            invoice_item: line.invoiceItem ?? '',
            proration: line.proration,
            proration_details: { credited_items: null },
            subscription: subscriptionId,
          },
          subscription_item_details: null,
          type: 'invoice_item_details',
        },
    period: line.period,
    pretax_credit_amounts: [],
    pricing: linePricing(line),
    quantity: line.quantity,
    quantity_decimal: wireDecimal(line.quantity),
    subscription: subscriptionId,
    subtotal: line.amount,
    taxes: [],
  }
}

/** A proration's discounts as `discount_amounts`: amount 0, since its amount is already net of them. */
function zeroAmounts(line: Pick<InvoiceLineInput, 'discounts'>): Array<{ amount: number; discount: string }> {
  return (line.discounts ?? []).map((discount) => ({ amount: 0, discount }))
}

function lineCurrency(line: Omit<InvoiceLineInput, 'invoiceItem'>): string {
  return line.currency ?? line.price?.currency ?? 'usd'
}

/** `pricing` of an item or line: the price it bills, or only the unit amount for an item billed by `amount`. */
function linePricing(line: Omit<InvoiceLineInput, 'invoiceItem'>): Stripe.InvoiceItem.Pricing {
  if (!line.price) {
    return { type: 'price_details', unit_amount_decimal: wireDecimal(line.amount / Math.max(1, line.quantity)) }
  }
  return {
    price_details: { price: line.price.id, product: line.price.product as string },
    type: 'price_details',
    unit_amount_decimal: wireDecimal(line.price.unit_amount ?? 0),
  }
}
