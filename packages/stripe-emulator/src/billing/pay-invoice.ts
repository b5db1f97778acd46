import type { StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest, type StripeApiError } from '../http/stripe-api-error.js'
import { cardDeclinedError, cardError } from '../payment-methods/card-errors.js'
import { paymentMethodBehavior } from '../payment-methods/payment-method.js'
import { markInvoicePaid, type StoredInvoice } from './create-invoice.js'
import { subscriptionAfterAutomaticFailure, subscriptionAfterInvoicePaid } from './settle-subscription.js'
import type { StoredSubscription } from './subscription.js'
import { subscriptionOfInvoice } from './subscription-of-invoice.js'

export interface PayInvoiceOptions {
  /** An attached payment method to charge instead of the default one. */
  paymentMethod?: string | null
  /**
   * A collection attempt the emulator makes on its own (subscription start, renewal, scheduled retry), as
   * opposed to `POST /v1/invoices/:id/pay`. Only automatic failures move the retry schedule and the subscription status.
   */
  automatic: boolean
}

export type PaymentOutcome = { paid: true } | { paid: false; error: StripeApiError }

/** Emulator-private retry bookkeeping of an invoice. */
interface InvoiceRetryState extends Record<string, unknown> {
  firstFailedAt?: number
  retriesDone?: number
}

/**
 * The payment method Stripe charges for an invoice: the subscription's default, else the customer's, else the
 * customer's legacy default source (a card made from a `tok_…`).
 */
export function paymentMethodFor(
  customer: StoredCustomer,
  subscription: StoredSubscription | null | undefined,
): string | null {
  const fromSubscription = subscription?.default_payment_method
  if (typeof fromSubscription === 'string') return fromSubscription
  const fromCustomer = customer.invoice_settings?.default_payment_method
  if (typeof fromCustomer === 'string') return fromCustomer
  return typeof customer.default_source === 'string' ? customer.default_source : null
}

/** What charging this payment method would do, as the error it would fail with (undefined: it succeeds). */
export function chargeError(emulator: Emulator, paymentMethodId: string | null): StripeApiError | undefined {
  if (!paymentMethodId) {
    return invalidRequest(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method.',
      undefined,
      'invoice_no_customer_payment_method',
    )
  }
  const behavior = paymentMethodBehavior(emulator, paymentMethodId)
  if (behavior === 'charge_fails' || behavior === 'declined') return cardDeclinedError()
  if (behavior === 'insufficient_funds') return cardDeclinedError('insufficient_funds')
  if (behavior === 'requires_action') {
    return cardError(
      'This payment requires additional user action before it can be completed successfully.',
      'invoice_payment_intent_requires_action',
    )
  }
  return undefined
}

/**
 * Stripe's automatic collection of an open invoice: charged when it is `charge_automatically`; one sent for payment
 * (`send_invoice`) waits for the customer to pay it.
 */
export function collectAutomatically(emulator: Emulator, invoice: StoredInvoice): void {
  if (invoice.status !== 'open' || invoice.collection_method !== 'charge_automatically') return
  payInvoice(emulator, invoice, { automatic: true })
}

/** Charges an open invoice; emits invoice.paid/payment_succeeded or invoice.payment_failed/payment_action_required. */
export function payInvoice(emulator: Emulator, invoice: StoredInvoice, options: PayInvoiceOptions): PaymentOutcome {
  const testClock = (invoice.test_clock as string | null) ?? null
  const customer = emulator.state.find<StoredCustomer>('customer', invoice.customer as string)
  if (!customer) throw new Error(`invoice ${invoice.id} has no stored customer`)
  const subscription = subscriptionOfInvoice(emulator, invoice)
  const invoiceDefault = typeof invoice.default_payment_method === 'string' ? invoice.default_payment_method : null
  const paymentMethod = options.paymentMethod ?? invoiceDefault ?? paymentMethodFor(customer, subscription)
  const error = chargeError(emulator, paymentMethod)
  invoice.attempted = true
  invoice.attempt_count += 1
  if (!error) {
    markInvoicePaid(emulator, invoice, testClock)
    subscriptionAfterInvoicePaid(emulator, invoice)
    return { paid: true }
  }
  const isFinal = options.automatic ? scheduleNextAttempt(emulator, invoice) : false
  emulator.emit(
    error.code === 'invoice_payment_intent_requires_action'
      ? 'invoice.payment_action_required'
      : 'invoice.payment_failed',
    invoice,
    { testClock },
  )
  if (options.automatic) subscriptionAfterAutomaticFailure(emulator, invoice, isFinal)
  return { paid: false, error }
}

/**
 * Sets `next_payment_attempt` from `settings.paymentRetryDays` (days after the first failure). Returns true when
 * this was the last attempt. The first invoice of a subscription is never retried: it stays `incomplete` instead.
 */
function scheduleNextAttempt(emulator: Emulator, invoice: StoredInvoice): boolean {
  if (invoice.billing_reason === 'subscription_create' || !invoice.parent?.subscription_details) return false
  const retry = emulator.state.hidden<InvoiceRetryState>(invoice.id)
  const now = emulator.now((invoice.test_clock as string | null) ?? null)
  if (retry.firstFailedAt === undefined) {
    retry.firstFailedAt = now
    retry.retriesDone = 0
  } else {
    retry.retriesDone = (retry.retriesDone ?? 0) + 1
  }
  const days = emulator.settings.paymentRetryDays[retry.retriesDone ?? 0]
  invoice.next_payment_attempt = days === undefined ? null : retry.firstFailedAt + days * 86_400
  return days === undefined
}
