import type Stripe from 'stripe'
import {
  createInvoice,
  lineFromInvoiceItem,
  type StoredInvoice,
  type StoredInvoiceItem,
} from '../billing/create-invoice.js'
import { requireCustomerPaymentMethod } from '../billing/customer-payment-method.js'
import { finalizationFields, scheduleFinalization } from '../billing/schedule-finalization.js'
import { requireCustomer } from '../customers/customer.js'
import type { DiscountRequest } from '../discounts/redeem-discounts.js'
import { nextDiscounts } from '../discounts/subscription-discounts.js'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { recomputeDraftTotals } from './draft-invoice-lines.js'

export interface InvoiceCollectionInput {
  collectionMethod?: Stripe.Invoice.CollectionMethod
  daysUntilDue?: number
  dueDate?: number
}

export interface CreateOneOffInvoiceInput extends InvoiceCollectionInput {
  customer: string
  /** `include` bills the customer's pending invoice items that belong to no subscription; default `exclude`. */
  pendingInvoiceItemsBehavior?: 'include' | 'exclude'
  autoAdvance?: boolean
  currency?: string
  description?: string
  footer?: string
  metadata?: Record<string, string>
  defaultPaymentMethod?: string
  /** Coupons and promotion codes redeemed for this invoice (`discounts[]`). */
  discounts?: DiscountRequest[] | null
}

export interface UpdateInvoiceInput extends InvoiceCollectionInput {
  autoAdvance?: boolean
  description?: string | null
  footer?: string | null
  metadata?: Record<string, string>
  defaultPaymentMethod?: string | null
  /** A list replaces the draft's discounts (`{ discount }` keeps one), `null` removes them, `[]` keeps them. */
  discounts?: DiscountRequest[] | null
}

const day = 86_400
/** Stripe finalizes an auto-advancing draft about an hour after it is created. */
const autoFinalizeDelay = 3600

/** Emulator-private: `days_until_due` is not on the invoice object, but the due date counts from finalization. */
export interface InvoiceDueTerms extends Record<string, unknown> {
  daysUntilDue?: number
}
/** The only fields Stripe lets an invoice change once it has left the draft state. */
const editableAfterDraft = new Set<keyof UpdateInvoiceInput>(['metadata', 'description', 'footer', 'autoAdvance'])

/** Creates a draft one-off invoice (`POST /v1/invoices`, `billing_reason: manual`); emits invoice.created. */
export function createOneOffInvoice(emulator: Emulator, input: CreateOneOffInvoiceInput): StoredInvoice {
  const customer = requireCustomer(emulator, input.customer, 'customer')
  const now = emulator.now((customer.test_clock as string | null) ?? null)
  const collection = collectionFields(input, 'charge_automatically', now)
  const defaultPaymentMethod = input.defaultPaymentMethod
    ? requireCustomerPaymentMethod(emulator, customer, input.defaultPaymentMethod, 'default_payment_method')
    : null
  const id = emulator.state.newId('in')
  const pending =
    input.pendingInvoiceItemsBehavior === 'include'
      ? emulator.state
          .list<StoredInvoiceItem>('invoiceitem', (i) => i.customer === customer.id && i.invoice === null && !i.parent)
          .reverse()
      : []
  emulator.state.hidden<InvoiceDueTerms>(id).daysUntilDue = input.daysUntilDue
  const currency = input.currency?.toLowerCase() ?? pending[0]?.currency ?? 'usd'
  const billed = pending.filter((item) => item.currency === currency)
  const testClock = (customer.test_clock as string | null) ?? null
  const discounts = nextDiscounts(
    emulator,
    [],
    {
      customer: customer.id,
      subscription: null,
      invoice: id,
      testClock,
      order: { subtotal: billed.reduce((sum, item) => sum + item.amount, 0), currency },
    },
    input.discounts ?? [],
  )
  for (const item of billed) item.invoice = id
  return createInvoice(emulator, {
    id,
    customer,
    subscription: null,
    billingReason: 'manual',
    lines: billed.map((item) => lineFromInvoiceItem(emulator, item)),
    periodStart: now,
    periodEnd: now,
    fields: {
      currency,
      ...collection,
      auto_advance: input.autoAdvance ?? false,
      ...finalizationFields(collection.collection_method, input.autoAdvance ? now + autoFinalizeDelay : null),
      description: input.description ?? null,
      footer: input.footer ?? null,
      metadata: input.metadata ?? {},
      default_payment_method: defaultPaymentMethod,
      discounts,
    },
  })
}

/** Updates an invoice: every field while a draft, only metadata, description, footer and auto_advance after. */
export function updateInvoice(emulator: Emulator, invoice: StoredInvoice, changes: UpdateInvoiceInput): StoredInvoice {
  if (invoice.status !== 'draft') {
    const locked = (Object.keys(changes) as (keyof UpdateInvoiceInput)[]).filter(
      (key) => changes[key] !== undefined && !editableAfterDraft.has(key),
    )
    if (locked.length > 0 || (changes.autoAdvance !== undefined && invoice.status !== 'open')) {
      throw invalidRequest(
        `Invoice ${invoice.id} is ${invoice.status}; once finalized an invoice can only change its metadata, description, footer and (while open) auto_advance.`,
        undefined,
        'invoice_not_editable',
      )
    }
  }
  const testClock = (invoice.test_clock as string | null) ?? null
  const before = structuredClone(invoice)
  if (changes.collectionMethod !== undefined || changes.daysUntilDue !== undefined || changes.dueDate !== undefined) {
    Object.assign(invoice, collectionFields(changes, invoice.collection_method, emulator.now(testClock)))
    emulator.state.hidden<InvoiceDueTerms>(invoice.id).daysUntilDue = changes.daysUntilDue
  }
  if (changes.autoAdvance !== undefined) {
    invoice.auto_advance = changes.autoAdvance
    if (invoice.status === 'draft') {
      scheduleFinalization(
        invoice,
        changes.autoAdvance
          ? (invoice.automatically_finalizes_at ?? emulator.now(testClock) + autoFinalizeDelay)
          : null,
      )
    }
  }
  // A change of collection method moves the payment attempt with it.
  if (invoice.status === 'draft') scheduleFinalization(invoice, invoice.automatically_finalizes_at)
  if (changes.description !== undefined) invoice.description = changes.description
  if (changes.footer !== undefined) invoice.footer = changes.footer
  if (changes.metadata) invoice.metadata = changes.metadata
  if (changes.discounts !== undefined) {
    invoice.discounts = nextDiscounts(
      emulator,
      invoice.discounts,
      {
        customer: invoice.customer as string,
        subscription: null,
        invoice: invoice.id,
        testClock,
        order: { subtotal: invoice.subtotal, currency: invoice.currency },
      },
      changes.discounts,
    )
    recomputeDraftTotals(emulator, invoice)
  }
  if (changes.defaultPaymentMethod !== undefined) {
    invoice.default_payment_method =
      changes.defaultPaymentMethod === null
        ? null
        : requireCustomerPaymentMethod(
            emulator,
            requireCustomer(emulator, invoice.customer as string, 'customer'),
            changes.defaultPaymentMethod,
            'default_payment_method',
          )
  }
  emitUpdate(emulator, 'invoice.updated', before, invoice, testClock)
  return invoice
}

/** `collection_method` with its due date: `send_invoice` needs `days_until_due` or `due_date`, the other takes neither. */
function collectionFields(
  input: InvoiceCollectionInput,
  current: Stripe.Invoice.CollectionMethod,
  now: number,
): Pick<StoredInvoice, 'collection_method' | 'due_date'> {
  const method = input.collectionMethod ?? current
  if (method === 'charge_automatically') {
    if (input.daysUntilDue !== undefined || input.dueDate !== undefined) {
      throw invalidRequest(
        'Invoices with `collection_method=charge_automatically` cannot have `days_until_due` or `due_date`.',
        input.daysUntilDue !== undefined ? 'days_until_due' : 'due_date',
      )
    }
    return { collection_method: method, due_date: null }
  }
  if (input.daysUntilDue !== undefined && input.dueDate !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: days_until_due, due_date.',
      'due_date',
      'parameters_exclusive',
    )
  }
  if (input.dueDate !== undefined && input.dueDate <= now) {
    throw invalidRequest('Invalid due_date: must be in the future.', 'due_date')
  }
  const dueDate = input.dueDate ?? (input.daysUntilDue !== undefined ? now + input.daysUntilDue * day : undefined)
  if (dueDate === undefined) {
    throw invalidRequest(
      'Invoices with `collection_method=send_invoice` must have `days_until_due` or `due_date` set.',
      'days_until_due',
      'parameter_missing',
    )
  }
  return { collection_method: method, due_date: dueDate }
}
