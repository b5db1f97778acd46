import { nextSubscriptionDiscounts } from '../discounts/subscription-discounts.js'
import type { Emulator } from '../emulator.js'
import { createInvoice, createInvoiceItem, finalizeInvoice } from './create-invoice.js'
import { requireCustomerPaymentMethod } from './customer-payment-method.js'
import { draftSubscription, type SubscriptionDraftInput } from './draft-subscription.js'
import type { StubAfterTrial } from './first-billing-cycle.js'
import { chargeError, collectAutomatically, paymentMethodFor } from './pay-invoice.js'
import type { StoredSubscription } from './subscription.js'
import { sendTrialWillEndIfDue } from './trial-will-end.js'

export interface CreateSubscriptionInput extends Omit<SubscriptionDraftInput, 'params'> {
  paymentBehavior?: 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete'
  /**
   * Checkout's way: a subscription charged at once is created `incomplete` and turns `active` when that
   * charge succeeds, so it emits `created` (incomplete) and then `updated` (active) in the same second.
   */
  activatesOnFirstPayment?: boolean
  /** A payment method id attached to the customer, or a test token (`pm_card_visa`) to attach. */
  defaultPaymentMethod?: string
}

/**
 * Creates a subscription as `POST /v1/subscriptions` does: `trialing` with a trial (and a $0 invoice), otherwise
 * the first invoice is charged at once: `active` when paid, `incomplete` when not (a card_error instead with
 * `error_if_incomplete`). `add_invoice_items` become invoice items on that first invoice, charged even in a trial
 * (which waits `incomplete` for them). Emits customer.subscription.created and the invoice events.
 */
export function createSubscription(emulator: Emulator, input: CreateSubscriptionInput): StoredSubscription {
  const draft = draftSubscription(emulator, input)
  const { customer, testClock, subscription, trialEnd } = draft
  const defaultPaymentMethod = input.defaultPaymentMethod
    ? requireCustomerPaymentMethod(emulator, customer, input.defaultPaymentMethod, 'default_payment_method')
    : null

  const paymentBehavior = input.paymentBehavior ?? 'allow_incomplete'
  // What the first invoice will ask for, so a 100% off coupon needs no payment method (a trial's asks for nothing
  // but its one-time items).
  const chargesNow = subscription.collection_method === 'charge_automatically' && draft.firstInvoicePreview.total > 0
  const failure = chargesNow
    ? chargeError(emulator, defaultPaymentMethod ?? paymentMethodFor(customer, undefined))
    : undefined
  if (failure && paymentBehavior === 'error_if_incomplete') throw failure
  if (chargesNow && (paymentBehavior === 'default_incomplete' || failure || input.activatesOnFirstPayment)) {
    subscription.status = 'incomplete'
  }
  subscription.default_payment_method = defaultPaymentMethod
  const invoiceId = emulator.state.newId('in')
  subscription.latest_invoice = invoiceId
  if (input.discounts) {
    subscription.discounts = nextSubscriptionDiscounts(
      emulator,
      { id: subscription.id, customer: customer.id, testClock, discounts: [] },
      input.discounts,
      draft.order,
    )
  }
  emulator.state.insert(subscription)
  if (trialEnd !== undefined && draft.cycle.stub) {
    emulator.state.hidden<StubAfterTrial>(subscription.id).stubToAnchor = { free: draft.cycle.stub.free }
  }
  emulator.emit('customer.subscription.created', subscription, { testClock })

  for (const line of draft.oneTimeItems) createInvoiceItem(emulator, subscription, line)
  const invoice = createInvoice(emulator, {
    id: invoiceId,
    customer,
    subscription,
    ...draft.firstInvoice,
    includePendingItems: true,
  })
  finalizeInvoice(emulator, invoice, customer)
  if (paymentBehavior !== 'default_incomplete') collectAutomatically(emulator, invoice)
  sendTrialWillEndIfDue(emulator, subscription)
  return subscription
}
