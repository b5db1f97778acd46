import type Stripe from 'stripe'
import type { StoredPrice } from '../catalog/price.js'
import { requireCustomer, type StoredCustomer } from '../customers/customer.js'
import { type InvoiceDiscount, takeDiscountsOffInvoice } from '../discounts/apply-invoice-discounts.js'
import type { DiscountRequest } from '../discounts/redeem-discounts.js'
import { unredeemedDiscounts } from '../discounts/unredeemed-discounts.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'
import { addInterval } from './billing-period.js'
import { type CollectionMethod, collectionTerms } from './collection-terms.js'
import { buildInvoice, type InvoiceLineInput, type StoredInvoice } from './create-invoice.js'
import { type AnchorInput, type FirstBillingCycle, firstBillingCycle, stubLines } from './first-billing-cycle.js'
import { type OneTimeItemInput, oneTimeItemLines } from './one-time-items.js'
import { scheduleCancellation } from './schedule-cancellation.js'
import type { StoredSubscription } from './subscription.js'
import { buildSubscriptionItem, subscriptionLines } from './subscription-items.js'
import { requireCompatiblePrices, requireQuantity, requireSubscribablePrice } from './subscription-prices.js'

export interface SubscriptionDraftInput extends AnchorInput {
  customer: string
  items: { price: string; quantity?: number; metadata?: Record<string, string> }[]
  trialPeriodDays?: number
  trialEnd?: number
  metadata?: Record<string, string>
  cancelAtPeriodEnd?: boolean
  cancelAt?: number
  description?: string | null
  /** What happens at the end of a trial when there is no payment method (Stripe's default: `create_invoice`). */
  missingPaymentMethodAtTrialEnd?: 'cancel' | 'create_invoice' | 'pause'
  /** The subscription schedule that starts this subscription. */
  schedule?: string
  /** Coupons and promotion codes to redeem for the subscription. */
  discounts?: DiscountRequest[] | null
  /** How its invoices are paid: charged (the default), or sent for payment within `daysUntilDue` days. */
  collectionMethod?: CollectionMethod
  daysUntilDue?: number
  /** One-time prices billed once, on the first invoice (`add_invoice_items[]`). */
  addInvoiceItems?: OneTimeItemInput[]
  /** Where the request put its items and trial, for errors: `items` and `trial_end` unless told (a preview nests them). */
  params?: { items: string; trialEnd: string; anchor?: string; addInvoiceItems?: string }
}

/** A subscription as `POST /v1/subscriptions` would make it, checked but neither stored nor announced. */
export interface SubscriptionDraft {
  customer: StoredCustomer
  testClock: string | null
  now: number
  /** `trialing` with a trial, else `active`; no discounts, no payment method yet. */
  subscription: StoredSubscription
  trialEnd: number | undefined
  /** Its billing cycle anchor, and the stretch before it (billed by the first invoice, or after the trial). */
  cycle: FirstBillingCycle
  /** `add_invoice_items` as the lines they add to the first invoice; `createSubscription` stores them as invoice items. */
  oneTimeItems: Omit<InvoiceLineInput, 'invoiceItem'>[]
  /** The first invoice's lines (zero-amount trial lines with a trial) and what the invoice takes besides. */
  firstInvoice: {
    billingReason: 'subscription_create'
    lines: InvoiceLineInput[]
    periodStart: number
    periodEnd: number
  }
  /** The first invoice, built and discounted by the coupons and codes not redeemed yet; for a preview, or to know what is due. */
  firstInvoicePreview: StoredInvoice
  /** What is being bought, for a promotion code's `minimum_amount`. */
  order: { subtotal: number; currency: string }
}

/**
 * Everything `subscriptions.create` decides before it changes anything: the customer, the prices (Stripe's errors for
 * an unknown, inactive or one-time price, mixed currencies or intervals), the trial, the discounts (checked, not
 * redeemed) and the first invoice. Only ids are drawn, so a preview and the create bill the same.
 */
export function draftSubscription(emulator: Emulator, input: SubscriptionDraftInput): SubscriptionDraft {
  const params = input.params ?? { items: 'items', trialEnd: 'trial_end' }
  const customer = requireCustomer(emulator, input.customer, 'customer')
  const testClock = (customer.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  if (input.items.length === 0) throw missingParam(params.items)
  const prices = input.items.map((item, i) => ({
    price: requireSubscribablePrice(emulator, item.price, `${params.items}[${i}][price]`),
    quantity: requireQuantity(item.quantity, `${params.items}[${i}][quantity]`),
    metadata: item.metadata ?? {},
  }))
  requireCompatiblePrices(
    prices.map((p) => p.price),
    params.items,
  )
  const trialEnd = requireTrialEnd(input, now, params.trialEnd)
  if (input.cancelAt !== undefined && input.cancelAt <= now) {
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'cancel_at')
  }
  const first = prices[0]?.price as StoredPrice
  const collection = collectionTerms(input)
  const oneTimeItems = oneTimeItemLines(emulator, input.addInvoiceItems ?? [], {
    now,
    currency: first.currency,
    param: params.addInvoiceItems ?? 'add_invoice_items',
  })
  const order = {
    subtotal: prices.reduce((sum, p) => sum + (p.price.unit_amount ?? 0) * p.quantity, 0),
    currency: first.currency,
  }
  const discounts = unredeemedDiscounts(emulator, input.discounts, {
    customer: customer.id,
    testClock,
    existing: [],
    order,
  })

  const id = emulator.state.newId('sub')
  const recurring = first.recurring as Stripe.Price.Recurring
  const cycle = firstBillingCycle(input, { now, trialEnd, recurring }, params.anchor)
  const firstStub = trialEnd === undefined ? cycle.stub : null
  const period = {
    start: now,
    end: trialEnd ?? firstStub?.end ?? addInterval(now, recurring.interval, recurring.interval_count),
  }
  const subscription: StoredSubscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: cycle.anchor,
    billing_cycle_anchor_config: cycle.config,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: collection.method,
    created: now,
    currency: first.currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: collection.daysUntilDue,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: input.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    items: {
      object: 'list',
      data: prices.map((p) => buildSubscriptionItem(emulator, id, p.price, p.quantity, period, now, p.metadata)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata ?? {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: input.schedule ?? null,
    start_date: now,
    status: trialEnd === undefined ? 'active' : 'trialing',
    test_clock: testClock,
    transfer_data: null,
    trial_end: trialEnd ?? null,
    trial_settings: {
      end_behavior: {
        billing_cycle_anchor: 'now',
        missing_payment_method: input.missingPaymentMethodAtTrialEnd ?? 'create_invoice',
      },
    },
    trial_start: trialEnd === undefined ? null : now,
  }
  scheduleCancellation(subscription, { cancelAtPeriodEnd: input.cancelAtPeriodEnd, cancelAt: input.cancelAt }, now)
  const firstInvoice = {
    billingReason: 'subscription_create' as const,
    lines: firstStub
      ? stubLines(emulator, subscription, firstStub)
      : subscriptionLines(emulator, subscription, period, { trial: trialEnd !== undefined }),
    periodStart: now,
    periodEnd: now,
  }
  return {
    customer,
    testClock,
    now,
    subscription,
    trialEnd,
    cycle,
    oneTimeItems,
    firstInvoice,
    firstInvoicePreview: discountedInvoice(
      emulator,
      customer,
      subscription,
      {
        ...firstInvoice,
        lines: [...firstInvoice.lines, ...oneTimeItems.map((line) => ({ ...line, invoiceItem: null }))],
      },
      discounts,
    ),
    order,
  }
}

/** `trial_end` or `trial_period_days` (one of them) as the moment the trial ends, which must be in the future. */
function requireTrialEnd(input: SubscriptionDraftInput, now: number, trialEndParam: string): number | undefined {
  if (input.trialEnd !== undefined && input.trialPeriodDays !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: trial_end, trial_period_days.',
      'trial_end',
      'parameters_exclusive',
    )
  }
  if (input.trialPeriodDays !== undefined && (input.trialPeriodDays < 0 || input.trialPeriodDays > 730)) {
    throw invalidRequest('trial_period_days must be between 0 and 730.', 'trial_period_days')
  }
  const trialEnd = trialEndOf(input, now)
  if (trialEnd !== undefined && trialEnd <= now) {
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', trialEndParam)
  }
  return trialEnd
}

/** When a trial given as `trialEnd` or `trialPeriodDays` (0 days: none) from `now` ends; undefined without one. */
export function trialEndOf(trial: { trialEnd?: number; trialPeriodDays?: number }, now: number): number | undefined {
  return trial.trialEnd ?? (trial.trialPeriodDays ? now + trial.trialPeriodDays * 86_400 : undefined)
}

function discountedInvoice(
  emulator: Emulator,
  customer: StoredCustomer,
  subscription: StoredSubscription,
  firstInvoice: SubscriptionDraft['firstInvoice'],
  discounts: InvoiceDiscount[],
): StoredInvoice {
  const invoice = buildInvoice(emulator, {
    id: emulator.state.newId('upcoming_in'),
    customer,
    subscription,
    ...firstInvoice,
  })
  takeDiscountsOffInvoice(invoice, discounts)
  return invoice
}
