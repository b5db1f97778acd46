import type Stripe from 'stripe'
import type { StoredPrice } from '../catalog/price.js'
import { requireCustomer } from '../customers/customer.js'
import { amountAfterDiscounts } from '../discounts/amount-after-discounts.js'
import type { DiscountRequest } from '../discounts/redeem-discounts.js'
import { nextSubscriptionDiscounts } from '../discounts/subscription-discounts.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'
import { addInterval } from './billing-period.js'
import { createInvoice, finalizeInvoice } from './create-invoice.js'
import { requireCustomerPaymentMethod } from './customer-payment-method.js'
import { chargeError, payInvoice, paymentMethodFor } from './pay-invoice.js'
import { scheduleCancellation } from './schedule-cancellation.js'
import type { StoredSubscription } from './subscription.js'
import { buildSubscriptionItem, subscriptionLines } from './subscription-items.js'
import { requireCompatiblePrices, requireQuantity, requireSubscribablePrice } from './subscription-prices.js'
import { sendTrialWillEndIfDue } from './trial-will-end.js'

export interface CreateSubscriptionInput {
  customer: string
  items: { price: string; quantity?: number; metadata?: Record<string, string> }[]
  trialPeriodDays?: number
  trialEnd?: number
  metadata?: Record<string, string>
  paymentBehavior?: 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete'
  /**
   * Checkout's way: a subscription charged at once is created `incomplete` and turns `active` when that
   * charge succeeds, so it emits `created` (incomplete) and then `updated` (active) in the same second.
   */
  activatesOnFirstPayment?: boolean
  /** A payment method id attached to the customer, or a test token (`pm_card_visa`) to attach. */
  defaultPaymentMethod?: string
  cancelAtPeriodEnd?: boolean
  cancelAt?: number
  description?: string | null
  /** What happens at the end of a trial when there is no payment method (Stripe's default: `create_invoice`). */
  missingPaymentMethodAtTrialEnd?: 'cancel' | 'create_invoice' | 'pause'
  /** The subscription schedule that starts this subscription. */
  schedule?: string
  /** Coupons and promotion codes to redeem for the subscription. */
  discounts?: DiscountRequest[] | null
}

/**
 * Creates a subscription as `POST /v1/subscriptions` does: `trialing` with a trial (and a $0 invoice), otherwise
 * the first invoice is charged at once: `active` when paid, `incomplete` when not (a card_error instead with
 * `error_if_incomplete`). Emits customer.subscription.created and the invoice events.
 */
export function createSubscription(emulator: Emulator, input: CreateSubscriptionInput): StoredSubscription {
  const customer = requireCustomer(emulator, input.customer, 'customer')
  const testClock = (customer.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  if (input.items.length === 0) throw missingParam('items')
  const prices = input.items.map((item, i) => ({
    price: requireSubscribablePrice(emulator, item.price, `items[${i}][price]`),
    quantity: requireQuantity(item.quantity, `items[${i}][quantity]`),
    metadata: item.metadata ?? {},
  }))
  requireCompatiblePrices(prices.map((p) => p.price))
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
  const trialEnd = input.trialEnd ?? (input.trialPeriodDays ? now + input.trialPeriodDays * 86_400 : undefined)
  if (trialEnd !== undefined && trialEnd <= now) {
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end')
  }
  if (input.cancelAt !== undefined && input.cancelAt <= now) {
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'cancel_at')
  }
  const defaultPaymentMethod = input.defaultPaymentMethod
    ? requireCustomerPaymentMethod(emulator, customer, input.defaultPaymentMethod, 'default_payment_method')
    : null

  const paymentBehavior = input.paymentBehavior ?? 'allow_incomplete'
  const total = prices.reduce((sum, p) => sum + (p.price.unit_amount ?? 0) * p.quantity, 0)
  const dueNow = amountAfterDiscounts(
    emulator,
    input.discounts,
    prices.map((p) => ({ amount: (p.price.unit_amount ?? 0) * p.quantity, product: p.price.product as string })),
    { customer: customer.id, testClock, order: { subtotal: total, currency: prices[0]?.price.currency ?? 'usd' } },
  )
  const chargesNow = trialEnd === undefined && dueNow > 0
  const failure = chargesNow
    ? chargeError(emulator, defaultPaymentMethod ?? paymentMethodFor(customer, undefined))
    : undefined
  if (failure && paymentBehavior === 'error_if_incomplete') throw failure
  const status: Stripe.Subscription.Status =
    trialEnd !== undefined
      ? 'trialing'
      : chargesNow && (paymentBehavior === 'default_incomplete' || failure || input.activatesOnFirstPayment)
        ? 'incomplete'
        : 'active'

  const id = emulator.state.newId('sub')
  const first = prices[0]?.price as StoredPrice
  const recurring = first.recurring as Stripe.Price.Recurring
  const period = { start: now, end: trialEnd ?? addInterval(now, recurring.interval, recurring.interval_count) }
  const invoiceId = emulator.state.newId('in')
  const subscription: StoredSubscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: trialEnd ?? now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: first.currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: null,
    default_payment_method: defaultPaymentMethod,
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
    latest_invoice: invoiceId,
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
    status,
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
  if (input.discounts) {
    subscription.discounts = nextSubscriptionDiscounts(
      emulator,
      { id, customer: customer.id, testClock, discounts: [] },
      input.discounts,
      { subtotal: total, currency: first.currency },
    )
  }
  emulator.state.insert(subscription)
  emulator.emit('customer.subscription.created', subscription, { testClock })

  const invoice = createInvoice(emulator, {
    id: invoiceId,
    customer,
    subscription,
    billingReason: 'subscription_create',
    lines: subscriptionLines(emulator, subscription, period, { trial: trialEnd !== undefined }),
    periodStart: now,
    periodEnd: now,
  })
  finalizeInvoice(emulator, invoice, customer)
  if (invoice.status === 'open' && paymentBehavior !== 'default_incomplete') {
    payInvoice(emulator, invoice, { automatic: true })
  }
  sendTrialWillEndIfDue(emulator, subscription)
  return subscription
}
