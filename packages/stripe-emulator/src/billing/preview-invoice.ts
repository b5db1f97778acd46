import type Stripe from 'stripe'
import { requireCustomer } from '../customers/customer.js'
import { discountInvoiceLines, discountIsOver } from '../discounts/apply-invoice-discounts.js'
import { storedDiscounts } from '../discounts/discount.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { applyCustomerBalance } from './apply-customer-balance.js'
import { nextPeriodEnd } from './billing-period.js'
import { buildInvoice, type InvoiceLineInput, lineFromInvoiceItem, pendingInvoiceItems } from './create-invoice.js'
import { previewSubscriptionChange } from './preview-subscription-change.js'
import { billedItems, prorationLine } from './prorate.js'
import type { StoredSubscription } from './subscription.js'
import { currentPeriod, subscriptionLines } from './subscription-items.js'
import { endedStatuses } from './subscription-statuses.js'
import { itemsAfterChanges, type UpdateSubscriptionInput } from './update-subscription.js'

export interface InvoicePreviewInput {
  /** `subscription_details` changes; without items (and without `billing_cycle_anchor=now`) the next invoice as it stands. */
  items?: UpdateSubscriptionInput['items']
  prorationBehavior?: 'create_prorations' | 'none' | 'always_invoice'
  prorationDate?: number
  billingCycleAnchor?: 'now' | 'unchanged'
  /** `recurring` leaves out one-time amounts (pending invoice items, prorations) and previews the next regular invoice. */
  previewMode?: 'next' | 'recurring'
}

/**
 * The invoice `POST /v1/invoices/create_preview` answers for a subscription, neither stored nor announced: with a
 * change made now (`always_invoice`, a new cycle) the invoice the update creates at once; otherwise the next renewal,
 * with pending invoice items and the change's prorations. The prorations and timing are previewSubscriptionChange's,
 * the lines and discounts those createInvoice builds, so the amounts equal what the update and renewal then bill.
 */
export function previewSubscriptionInvoice(
  emulator: Emulator,
  subscription: StoredSubscription,
  input: InvoicePreviewInput,
): Stripe.Invoice {
  const testClock = (subscription.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  if (endedStatuses.includes(subscription.status)) {
    throw noUpcomingInvoice(subscription)
  }
  const customer = requireCustomer(emulator, subscription.customer as string, 'customer')
  const items = input.items
    ? itemsAfterChanges(emulator, subscription, input.items, now, 'subscription_details[items]')
    : subscription.items.data
  const changed = { ...subscription, items: { ...subscription.items, data: items } }
  const at = input.prorationDate ?? now
  const change = previewSubscriptionChange(emulator, subscription, billedItems(changed), {
    prorationBehavior: input.prorationBehavior ?? 'create_prorations',
    at,
    ...(input.billingCycleAnchor === 'now' ? { billingCycleAnchor: 'now' as const } : {}),
  })
  const oneTime: InvoiceLineInput[] =
    input.previewMode === 'recurring'
      ? []
      : [
          ...pendingInvoiceItems(emulator, subscription.id).map((item) => lineFromInvoiceItem(emulator, item)),
          ...change.prorations.map((proration) => ({ ...prorationLine(emulator, proration, at), invoiceItem: null })),
        ]
  const recurring = items[0]?.price.recurring as Stripe.Price.Recurring
  const nextPeriod = (start: number) => ({
    start,
    end: nextPeriodEnd(
      changed.billing_cycle_anchor,
      recurring,
      start,
      changed.billing_cycle_anchor_config?.day_of_month,
    ),
  })
  const preview = (
    billingReason: Stripe.Invoice.BillingReason,
    lines: InvoiceLineInput[],
    invoicePeriod: { start: number; end: number },
    created: number,
  ) => {
    const graceSeconds =
      billingReason === 'subscription_cycle' ? emulator.settings.invoiceFinalizationGraceHours * 3600 : 0
    const invoice = buildInvoice(emulator, {
      id: emulator.state.newId('upcoming_in'),
      customer,
      subscription,
      billingReason,
      lines,
      periodStart: invoicePeriod.start,
      periodEnd: invoicePeriod.end,
      fields: {
        created,
        automatically_finalizes_at: graceSeconds > 0 ? created + graceSeconds : null,
        next_payment_attempt: created + graceSeconds,
      },
    })
    const running = storedDiscounts(emulator, subscription.discounts).filter(
      (d) => !discountIsOver(emulator, d, created),
    )
    discountInvoiceLines(emulator, invoice, running)
    applyCustomerBalance(invoice, customer.balance ?? 0)
    return invoice
  }
  if (change.invoicedNow && input.previewMode !== 'recurring') {
    const newPeriod = change.periodStartsNow
      ? subscriptionLines(emulator, changed, { start: now, end: change.nextInvoice.date })
      : []
    return preview('subscription_update', [...newPeriod, ...oneTime], { start: now, end: now }, now)
  }
  const renewsAt = change.nextInvoice.date
  if (subscription.cancel_at !== null && subscription.cancel_at <= renewsAt) {
    throw noUpcomingInvoice(subscription)
  }
  const renewal = subscriptionLines(emulator, changed, nextPeriod(renewsAt))
  const billedPeriod = change.invoicedNow ? { start: now, end: renewsAt } : currentPeriod(subscription)
  return preview('subscription_cycle', [...renewal, ...oneTime], billedPeriod, renewsAt)
}

function noUpcomingInvoice(subscription: StoredSubscription) {
  return invalidRequest(
    `No upcoming invoices for subscription: ${subscription.id}`,
    'subscription',
    'invoice_upcoming_none',
  )
}
