import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { applyCustomerBalance } from './apply-customer-balance.js'
import { draftSubscription, type SubscriptionDraftInput } from './draft-subscription.js'

/**
 * The invoice `POST /v1/invoices/create_preview` answers for a subscription not created yet: the first invoice
 * `subscriptions.create` would make with the same items, trial and discounts (a $0 trial invoice with a trial), drafted
 * by the same code, so it bills what create then bills. Nothing is stored, announced or redeemed.
 */
export function previewNewSubscriptionInvoice(
  emulator: Emulator,
  input: Pick<
    SubscriptionDraftInput,
    'customer' | 'items' | 'trialEnd' | 'discounts' | 'billingCycleAnchor' | 'prorationBehavior'
  >,
): Stripe.Invoice {
  const draft = draftSubscription(emulator, {
    ...input,
    params: {
      items: 'subscription_details[items]',
      trialEnd: 'subscription_details[trial_end]',
      anchor: 'subscription_details[billing_cycle_anchor]',
    },
  })
  const invoice = draft.firstInvoicePreview
  invoice.next_payment_attempt = draft.now
  applyCustomerBalance(invoice, draft.customer.balance ?? 0)
  return invoice
}
