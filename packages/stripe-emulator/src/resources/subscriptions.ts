import type Stripe from 'stripe'
import { addInterval } from '../billing/billing-period.js'
import { createInvoice, finalizeInvoice, pendingInvoiceItems } from '../billing/create-invoice.js'
import { emitUpdate } from '../billing/emit-update.js'
import { endSubscription } from '../billing/end-subscription.js'
import { chargeError, payInvoice, paymentMethodFor } from '../billing/pay-invoice.js'
import { billedItems, createProrations } from '../billing/prorate.js'
import {
  billNewPeriod,
  endTrial,
  recurringOf,
  resumeSubscription,
  startPeriodNow,
} from '../billing/renew-subscription.js'
import {
  buildSubscriptionItem,
  currentPeriod,
  setCurrentPeriod,
  setItemPrice,
  subscriptionLines,
} from '../billing/subscription-items.js'
import { sendTrialWillEnd } from '../billing/trial-will-end.js'
import type { Emulator } from '../emulator.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, missingParam, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import { requireCustomer, type StoredCustomer } from './customers.js'
import { attachPaymentMethod } from './payment-methods.js'
import { requirePrice, type StoredPrice } from './prices.js'

export type StoredSubscription = Stripe.Subscription & StoredObject

type Feedback = Stripe.Subscription.CancellationDetails.Feedback

export interface CreateSubscriptionInput {
  customer: string
  items: { price: string; quantity?: number; metadata?: Record<string, string> }[]
  trialPeriodDays?: number
  trialEnd?: number
  metadata?: Record<string, string>
  paymentBehavior?: 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete'
  /** A payment method id attached to the customer, or a test token (`pm_card_visa`) to attach. */
  defaultPaymentMethod?: string
  cancelAtPeriodEnd?: boolean
  cancelAt?: number
  description?: string | null
  /** What happens at the end of a trial when there is no payment method (Stripe's default: `create_invoice`). */
  missingPaymentMethodAtTrialEnd?: 'cancel' | 'create_invoice' | 'pause'
}

export interface UpdateSubscriptionInput {
  items?: { id?: string; price?: string; quantity?: number; deleted?: boolean; metadata?: Record<string, string> }[]
  cancelAtPeriodEnd?: boolean
  cancelAt?: number | null
  prorationBehavior?: 'create_prorations' | 'none' | 'always_invoice'
  /** The moment prorations are computed for (default: now). */
  prorationDate?: number
  metadata?: Record<string, string>
  cancellationDetails?: { feedback?: string | null; comment?: string | null }
  defaultPaymentMethod?: string | null
  /** `'now'` ends a trial at once; a timestamp moves the end of the current trial. */
  trialEnd?: number | 'now'
  /** `'now'` restarts the billing cycle today, invoicing the new period at once. */
  billingCycleAnchor?: 'now' | 'unchanged'
  paymentBehavior?: 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete'
  description?: string | null
}

export interface CancelSubscriptionOptions {
  invoiceNow?: boolean
  prorate?: boolean
  cancellationDetails?: { feedback?: string | null; comment?: string | null }
}

const endedStatuses = ['canceled', 'incomplete_expired']
const runningStatuses = ['active', 'past_due', 'unpaid']
const incompleteExpiresAfter = 23 * 3600

/** Returns a subscription or throws Stripe's 404. */
export function requireSubscription(emulator: Emulator, id: string, param = 'subscription'): StoredSubscription {
  const subscription = emulator.state.find<StoredSubscription>('subscription', id)
  if (!subscription) throw noSuchResource('subscription', id, param)
  return subscription
}

/** When an `incomplete` subscription expires if its first invoice stays unpaid. */
export function incompleteExpiresAt(subscription: StoredSubscription): number {
  return subscription.created + incompleteExpiresAfter
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
  const chargesNow = trialEnd === undefined && total > 0
  const failure = chargesNow
    ? chargeError(emulator, defaultPaymentMethod ?? paymentMethodFor(customer, undefined))
    : undefined
  if (failure && paymentBehavior === 'error_if_incomplete') throw failure
  const status: Stripe.Subscription.Status =
    trialEnd !== undefined
      ? 'trialing'
      : chargesNow && (paymentBehavior === 'default_incomplete' || failure)
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
    schedule: null,
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
  return subscription
}

/**
 * Updates a subscription as `POST /v1/subscriptions/:id` does: item and price changes with prorations
 * (`create_prorations` leaves them for the next invoice, `always_invoice` invoices and charges them now, a change
 * of interval restarts the cycle and invoices at once), scheduled cancellation, trial changes, metadata.
 * Emits customer.subscription.updated with `previous_attributes`.
 */
export function updateSubscription(
  emulator: Emulator,
  id: string,
  changes: UpdateSubscriptionInput,
): StoredSubscription {
  const subscription = requireSubscription(emulator, id, 'subscription')
  const testClock = (subscription.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  const customer = requireCustomer(emulator, subscription.customer as string, 'customer')
  if (endedStatuses.includes(subscription.status)) {
    const allowed = ['metadata', 'cancellationDetails']
    const other = Object.entries(changes).filter(([key, value]) => value !== undefined && !allowed.includes(key))
    if (other.length > 0) {
      throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.')
    }
  }
  if (changes.cancelAtPeriodEnd === true && typeof changes.cancelAt === 'number') {
    throw invalidRequest(
      'You may only specify one of these parameters: cancel_at, cancel_at_period_end.',
      'cancel_at',
      'parameters_exclusive',
    )
  }
  if (typeof changes.cancelAt === 'number' && changes.cancelAt <= now) {
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'cancel_at')
  }
  const trialEndsNow =
    subscription.status === 'trialing' &&
    (changes.trialEnd === 'now' || (typeof changes.trialEnd === 'number' && changes.trialEnd <= now))
  if (typeof changes.trialEnd === 'number' && !trialEndsNow) {
    if (subscription.status !== 'trialing') {
      throw invalidRequest('The emulator can move trial_end only while the subscription is trialing.', 'trial_end')
    }
  }
  const defaultPaymentMethod =
    typeof changes.defaultPaymentMethod === 'string'
      ? requireCustomerPaymentMethod(emulator, customer, changes.defaultPaymentMethod, 'default_payment_method')
      : changes.defaultPaymentMethod

  const newItems = changes.items ? itemsAfterChanges(emulator, subscription, changes.items, now) : undefined
  const billedBefore = billedItems(subscription)
  const recurringBefore = recurringOf(subscription)
  const recurringAfter = (newItems?.[0]?.price.recurring ?? recurringBefore) as Stripe.Price.Recurring
  const intervalChanged =
    recurringAfter.interval !== recurringBefore.interval ||
    recurringAfter.interval_count !== recurringBefore.interval_count
  const running = runningStatuses.includes(subscription.status)
  const prorationBehavior = changes.prorationBehavior ?? 'create_prorations'
  const restartsCycle = running && (intervalChanged || changes.billingCycleAnchor === 'now')
  const itemsChanged = newItems !== undefined && JSON.stringify(billedOf(newItems)) !== JSON.stringify(billedBefore)
  const invoicesNow =
    trialEndsNow || restartsCycle || (running && itemsChanged && prorationBehavior === 'always_invoice')
  if (invoicesNow && changes.paymentBehavior === 'error_if_incomplete') {
    const willPayWith =
      defaultPaymentMethod !== undefined
        ? (defaultPaymentMethod ?? paymentMethodFor(customer, undefined))
        : paymentMethodFor(customer, subscription)
    const failure = chargeError(emulator, willPayWith)
    if (failure) throw failure
  }

  const before = structuredClone(subscription)
  if (changes.metadata) subscription.metadata = changes.metadata
  if (changes.description !== undefined) subscription.description = changes.description
  if (defaultPaymentMethod !== undefined) subscription.default_payment_method = defaultPaymentMethod
  scheduleCancellation(subscription, changes, now)
  if (changes.cancellationDetails) {
    const details = subscription.cancellation_details ?? {
      comment: null,
      feedback: null,
      feedback_option: null,
      reason: null,
    }
    subscription.cancellation_details = {
      ...details,
      ...(changes.cancellationDetails.comment !== undefined ? { comment: changes.cancellationDetails.comment } : {}),
      ...(changes.cancellationDetails.feedback !== undefined
        ? { feedback: changes.cancellationDetails.feedback as Feedback | null }
        : {}),
    }
  }
  const periodBefore = endedStatuses.includes(subscription.status) ? undefined : currentPeriod(subscription)
  if (newItems) {
    subscription.items.data = newItems
    subscription.currency = newItems[0]?.price.currency ?? subscription.currency
  }
  if (typeof changes.trialEnd === 'number' && !trialEndsNow && periodBefore) {
    subscription.trial_end = changes.trialEnd
    subscription.billing_cycle_anchor = changes.trialEnd
    setCurrentPeriod(subscription, { start: periodBefore.start, end: changes.trialEnd })
  }
  const prorationAt = changes.prorationDate ?? now

  if (restartsCycle && periodBefore) {
    if (prorationBehavior !== 'none')
      createProrations(emulator, subscription, billedBefore, [], prorationAt, periodBefore)
    const period = startPeriodNow(subscription, now)
    billNewPeriod(emulator, subscription, before, {
      billingReason: 'subscription_update',
      lines: subscriptionLines(emulator, subscription, period),
      invoicePeriod: { start: now, end: now },
      charge: true,
    })
    return subscription
  }
  if (running && itemsChanged && prorationBehavior !== 'none' && periodBefore) {
    createProrations(emulator, subscription, billedBefore, billedItems(subscription), prorationAt, periodBefore)
    if (prorationBehavior === 'always_invoice') {
      billNewPeriod(emulator, subscription, before, {
        billingReason: 'subscription_update',
        lines: [],
        invoicePeriod: { start: now, end: now },
        charge: true,
      })
      return subscription
    }
  }
  emitUpdate(emulator, 'customer.subscription.updated', before, subscription, testClock)
  if (trialEndsNow) {
    subscription.trial_end = now
    sendTrialWillEnd(emulator, subscription)
    endTrial(emulator, subscription, 'subscription_update')
  }
  return subscription
}

/**
 * Cancels a subscription now (`DELETE /v1/subscriptions/:id`): with `prorate`, a credit for the unused time; with
 * `invoiceNow`, a final invoice of everything pending. Emits customer.subscription.deleted.
 */
export function cancelSubscription(
  emulator: Emulator,
  id: string,
  options: CancelSubscriptionOptions = {},
): StoredSubscription {
  const subscription = requireSubscription(emulator, id, 'subscription')
  if (endedStatuses.includes(subscription.status)) {
    throw invalidRequest(
      `This subscription has already been canceled (status \`${subscription.status}\`).`,
      undefined,
      'subscription_canceled',
    )
  }
  const testClock = (subscription.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  if (options.prorate && runningStatuses.includes(subscription.status)) {
    createProrations(emulator, subscription, billedItems(subscription), [], now, currentPeriod(subscription))
  }
  subscription.canceled_at = now
  subscription.cancellation_details = {
    comment: options.cancellationDetails?.comment ?? null,
    feedback: (options.cancellationDetails?.feedback as Feedback | null | undefined) ?? null,
    feedback_option: null,
    reason: 'cancellation_requested',
  }
  endSubscription(emulator, subscription, 'cancellation_requested')
  if (options.invoiceNow && pendingInvoiceItems(emulator, subscription.id).length > 0) {
    const customer = requireCustomer(emulator, subscription.customer as string, 'customer')
    const invoice = createInvoice(emulator, {
      customer,
      subscription,
      billingReason: 'subscription_update',
      lines: [],
      includePendingItems: true,
      periodStart: now,
      periodEnd: now,
    })
    subscription.latest_invoice = invoice.id
    finalizeInvoice(emulator, invoice, customer)
    if (invoice.status === 'open') payInvoice(emulator, invoice, { automatic: true })
  }
  return subscription
}

/** Stripe cancels every subscription of a customer that is deleted, emitting customer.subscription.deleted. */
export function cancelSubscriptionsOfDeletedCustomer(emulator: Emulator, customerId: string): void {
  for (const subscription of emulator.state.list<StoredSubscription>(
    'subscription',
    (s) => s.customer === customerId && !endedStatuses.includes(s.status),
  )) {
    endSubscription(emulator, subscription, 'cancellation_requested')
  }
}

/** `cancel_at_period_end` sets `cancel_at` to the period end; `cancel_at` a moment; false or null undo either. */
function scheduleCancellation(
  subscription: StoredSubscription,
  changes: { cancelAtPeriodEnd?: boolean; cancelAt?: number | null },
  now: number,
): void {
  const details = subscription.cancellation_details ?? {
    comment: null,
    feedback: null,
    feedback_option: null,
    reason: null,
  }
  if (typeof changes.cancelAt === 'number') {
    subscription.cancel_at = changes.cancelAt
    subscription.cancel_at_period_end = false
    subscription.canceled_at = now
    subscription.cancellation_details = { ...details, reason: 'cancellation_requested' }
  } else if (changes.cancelAtPeriodEnd === true) {
    subscription.cancel_at = currentPeriod(subscription).end
    subscription.cancel_at_period_end = true
    subscription.canceled_at = now
    subscription.cancellation_details = { ...details, reason: 'cancellation_requested' }
  } else if (changes.cancelAtPeriodEnd === false || changes.cancelAt === null) {
    subscription.cancel_at = null
    subscription.cancel_at_period_end = false
    subscription.canceled_at = null
    subscription.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: null }
  }
}

/** A payment method id attached to this customer, or a test token attached now (as Stripe does with `pm_card_visa`). */
function requireCustomerPaymentMethod(
  emulator: Emulator,
  customer: StoredCustomer,
  idOrToken: string,
  param: string,
): string {
  if (/^(pm_card_|tok_)/.test(idOrToken)) return attachPaymentMethod(emulator, idOrToken, customer.id, param).id
  const pm = emulator.state.find<StoredObject & { customer: string | null }>('payment_method', idOrToken)
  if (!pm) throw noSuchResource('PaymentMethod', idOrToken, param)
  if (pm.customer !== customer.id) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${idOrToken}. The payment method must be attached to the customer.`,
      param,
      'resource_missing',
    )
  }
  return pm.id
}

function requireSubscribablePrice(emulator: Emulator, priceId: string, param: string): StoredPrice {
  const price = requirePrice(emulator, priceId, param)
  if (!price.active)
    throw invalidRequest('The price specified is inactive. This field only accepts active prices.', param)
  if (price.type !== 'recurring' || !price.recurring) {
    throw invalidRequest(
      'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
      param,
    )
  }
  return price
}

function requireQuantity(quantity: number | undefined, param: string): number {
  if (quantity === undefined) return 1
  if (!Number.isInteger(quantity) || quantity < 0) {
    throw invalidRequest('This value must be greater than or equal to 0.', param)
  }
  return quantity
}

/** Stripe's classic rule: every item of a subscription bills in one currency on one interval, each price once. */
function requireCompatiblePrices(prices: Stripe.Price[]): void {
  const [first, ...rest] = prices
  if (!first) return
  for (const price of rest) {
    if (price.currency !== first.currency) {
      throw invalidRequest(
        'Currency and interval fields must match across all plans on this subscription. Found mismatch in currency field.',
        'items',
      )
    }
    if (
      price.recurring?.interval !== first.recurring?.interval ||
      price.recurring?.interval_count !== first.recurring?.interval_count
    ) {
      throw invalidRequest(
        'Currency and interval fields must match across all plans on this subscription. Found mismatch in interval field.',
        'items',
      )
    }
  }
  const seen = new Set<string>()
  for (const price of prices) {
    if (seen.has(price.id)) {
      throw invalidRequest(`Cannot add multiple subscription items with the same price: ${price.id}.`, 'items')
    }
    seen.add(price.id)
  }
}

/** The item list after `items[]` changes (by id: new price or quantity, or `deleted`; without id: a new item). */
function itemsAfterChanges(
  emulator: Emulator,
  subscription: StoredSubscription,
  changes: NonNullable<UpdateSubscriptionInput['items']>,
  now: number,
): Stripe.SubscriptionItem[] {
  const items = structuredClone(subscription.items.data)
  const period = currentPeriod(subscription)
  const removed = new Set<string>()
  changes.forEach((change, i) => {
    if (change.id) {
      const item = items.find((candidate) => candidate.id === change.id)
      if (!item) throw noSuchResource('subscription_item', change.id, `items[${i}][id]`)
      if (change.deleted) {
        removed.add(item.id)
        return
      }
      if (change.price !== undefined && change.price !== item.price.id) {
        setItemPrice(item, requireSubscribablePrice(emulator, change.price, `items[${i}][price]`))
      }
      if (change.quantity !== undefined) item.quantity = requireQuantity(change.quantity, `items[${i}][quantity]`)
      if (change.metadata) item.metadata = change.metadata
      return
    }
    if (!change.price) throw missingParam(`items[${i}][price]`)
    const price = requireSubscribablePrice(emulator, change.price, `items[${i}][price]`)
    const quantity = requireQuantity(change.quantity, `items[${i}][quantity]`)
    items.push(buildSubscriptionItem(emulator, subscription.id, price, quantity, period, now, change.metadata ?? {}))
  })
  const remaining = items.filter((item) => !removed.has(item.id))
  if (remaining.length === 0) {
    throw invalidRequest('A subscription must have at least one active item; cancel the subscription instead.', 'items')
  }
  requireCompatiblePrices(remaining.map((item) => item.price))
  return remaining
}

function billedOf(items: Stripe.SubscriptionItem[]): { id: string; price: string; quantity: number }[] {
  return items.map((item) => ({ id: item.id, price: item.price.id, quantity: item.quantity ?? 1 }))
}

function readItemMetadata(item: Params): Record<string, string> | undefined {
  return item.metadata('metadata')
}

const feedbackValues = [
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
] as const

function readCancellationDetails(params: Params): CancelSubscriptionOptions['cancellationDetails'] {
  const details = params.object('cancellation_details')
  if (!details) return undefined
  details.only(['comment', 'feedback'])
  const feedback = details.raw.feedback === '' ? null : details.enum('feedback', feedbackValues)
  return { comment: details.nullableString('comment'), feedback }
}

const paymentBehaviors = [
  'allow_incomplete',
  'default_incomplete',
  'error_if_incomplete',
  'pending_if_incomplete',
] as const
const prorationBehaviors = ['create_prorations', 'none', 'always_invoice'] as const

/** `trial_end`: `now` or a timestamp. */
function readTrialEnd(params: Params): number | 'now' | undefined {
  if (params.raw.trial_end === 'now') return 'now'
  return params.integer('trial_end')
}

export const subscriptionsRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/subscriptions',
    handler: ({ params, emulator }) => {
      params.only([
        'customer',
        'items',
        'trial_period_days',
        'trial_end',
        'payment_behavior',
        'metadata',
        'default_payment_method',
        'cancel_at_period_end',
        'cancel_at',
        'description',
        'off_session',
        'proration_behavior',
        'trial_settings',
        'collection_method',
        'payment_settings',
        'billing_mode',
      ])
      params.enum('collection_method', ['charge_automatically'] as const)
      params.enum('proration_behavior', prorationBehaviors)
      params.boolean('off_session')
      const customer = params.requiredString('customer')
      const items = params.array('items')
      if (!items || items.length === 0) throw missingParam('items')
      const trialEnd = readTrialEnd(params)
      const trialSettings = params.object('trial_settings')
      trialSettings?.only(['end_behavior'])
      const endBehavior = trialSettings?.object('end_behavior')
      endBehavior?.only(['missing_payment_method'])
      const paymentBehavior = params.enum('payment_behavior', paymentBehaviors)
      return createSubscription(emulator, {
        customer,
        items: items.map((item, i) => {
          item.only(['price', 'quantity', 'metadata'])
          if (!item.has('price')) throw missingParam(`items[${i}][price]`)
          return {
            price: item.requiredString('price'),
            quantity: item.integer('quantity'),
            metadata: readItemMetadata(item),
          }
        }),
        trialPeriodDays: params.integer('trial_period_days'),
        trialEnd: trialEnd === 'now' ? undefined : trialEnd,
        metadata: params.metadata() ?? {},
        paymentBehavior: paymentBehavior === 'pending_if_incomplete' ? 'allow_incomplete' : paymentBehavior,
        defaultPaymentMethod: params.string('default_payment_method'),
        cancelAtPeriodEnd: params.boolean('cancel_at_period_end'),
        cancelAt: params.integer('cancel_at'),
        description: params.string('description') ?? null,
        missingPaymentMethodAtTrialEnd: endBehavior?.enum('missing_payment_method', [
          'cancel',
          'create_invoice',
          'pause',
        ] as const),
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscriptions/:id',
    handler: ({ pathParams, emulator }) => requireSubscription(emulator, pathParams.id as string, 'id'),
  },
  {
    method: 'POST',
    pattern: '/v1/subscriptions/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([
        'items',
        'cancel_at_period_end',
        'cancel_at',
        'proration_behavior',
        'proration_date',
        'metadata',
        'cancellation_details',
        'default_payment_method',
        'trial_end',
        'billing_cycle_anchor',
        'payment_behavior',
        'description',
        'off_session',
      ])
      params.boolean('off_session')
      const subscription = requireSubscription(emulator, pathParams.id as string, 'id')
      const cancelAtRaw = params.raw.cancel_at
      let cancelAt: number | null | undefined
      if (cancelAtRaw === 'min_period_end' || cancelAtRaw === 'max_period_end') {
        cancelAt = currentPeriod(subscription).end
      } else {
        cancelAt = params.nullableInteger('cancel_at')
      }
      return updateSubscription(emulator, subscription.id, {
        items: params.array('items')?.map((item) => {
          item.only(['id', 'price', 'quantity', 'deleted', 'metadata', 'clear_usage'])
          return {
            id: item.string('id'),
            price: item.string('price'),
            quantity: item.integer('quantity'),
            deleted: item.boolean('deleted'),
            metadata: readItemMetadata(item),
          }
        }),
        cancelAtPeriodEnd: params.boolean('cancel_at_period_end'),
        cancelAt,
        prorationBehavior: params.enum('proration_behavior', prorationBehaviors),
        prorationDate: params.integer('proration_date'),
        metadata: params.metadata('metadata', subscription.metadata),
        cancellationDetails: readCancellationDetails(params),
        defaultPaymentMethod: params.nullableString('default_payment_method'),
        trialEnd: readTrialEnd(params),
        billingCycleAnchor: params.enum('billing_cycle_anchor', ['now', 'unchanged'] as const),
        paymentBehavior: params.enum('payment_behavior', paymentBehaviors),
        description: params.nullableString('description'),
      })
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/subscriptions/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['invoice_now', 'prorate', 'cancellation_details'])
      return cancelSubscription(emulator, pathParams.id as string, {
        invoiceNow: params.boolean('invoice_now'),
        prorate: params.boolean('prorate'),
        cancellationDetails: readCancellationDetails(params),
      })
    },
  },
  {
    method: 'POST',
    pattern: '/v1/subscriptions/:id/resume',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['billing_cycle_anchor', 'proration_behavior', 'proration_date'])
      params.enum('billing_cycle_anchor', ['now', 'unchanged'] as const)
      params.enum('proration_behavior', prorationBehaviors)
      const subscription = requireSubscription(emulator, pathParams.id as string, 'id')
      if (subscription.status !== 'paused') {
        throw invalidRequest(
          'Only a subscription with status `paused` can be resumed.',
          undefined,
          'subscription_not_paused',
        )
      }
      resumeSubscription(emulator, subscription)
      return subscription
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscriptions',
    handler: ({ params, emulator }) => {
      params.only([
        'customer',
        'price',
        'status',
        'test_clock',
        'created',
        'collection_method',
        'limit',
        'starting_after',
        'ending_before',
      ])
      const customer = params.string('customer')
      const price = params.string('price')
      const testClock = params.string('test_clock')
      const status = params.enum('status', [
        'active',
        'all',
        'canceled',
        'ended',
        'incomplete',
        'incomplete_expired',
        'past_due',
        'paused',
        'trialing',
        'unpaid',
      ] as const)
      params.enum('collection_method', ['charge_automatically', 'send_invoice'] as const)
      const created = createdFilter(params)
      const matchesStatus = (s: StoredSubscription) =>
        status === undefined
          ? s.status !== 'canceled'
          : status === 'all' || (status === 'ended' ? endedStatuses.includes(s.status) : s.status === status)
      const items = emulator.state.list<StoredSubscription>(
        'subscription',
        (s) =>
          matchesStatus(s) &&
          (customer === undefined || s.customer === customer) &&
          (price === undefined || s.items.data.some((item) => item.price.id === price)) &&
          (testClock === undefined || s.test_clock === testClock) &&
          (params.string('collection_method') === undefined ||
            s.collection_method === params.string('collection_method')) &&
          created(s),
      )
      return paginate(items, params, '/v1/subscriptions')
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscription_items',
    handler: ({ params, emulator }) => {
      params.only(['subscription', 'limit', 'starting_after', 'ending_before'])
      const subscription = requireSubscription(emulator, params.requiredString('subscription'), 'subscription')
      const items = subscription.items.data as (Stripe.SubscriptionItem & StoredObject)[]
      return paginate(items, params, '/v1/subscription_items')
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscription_items/:id',
    handler: ({ pathParams, emulator }) => {
      const id = pathParams.id as string
      for (const subscription of emulator.state.list<StoredSubscription>('subscription')) {
        const item = subscription.items.data.find((candidate) => candidate.id === id)
        if (item) return item
      }
      throw noSuchResource('subscription_item', id, 'id')
    },
  },
]
