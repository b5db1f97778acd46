import type Stripe from 'stripe'
import { requireCustomer } from '../customers/customer.js'
import type { DiscountRequest } from '../discounts/redeem-discounts.js'
import { nextSubscriptionDiscounts } from '../discounts/subscription-discounts.js'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import { invalidRequest, missingParam, noSuchResource } from '../http/stripe-api-error.js'
import { changeTiming } from './change-timing.js'
import { type CollectionMethod, collectionTerms } from './collection-terms.js'
import { requireCustomerPaymentMethod } from './customer-payment-method.js'
import { applyPauseCollection, type PauseCollectionInput } from './pause-collection.js'
import { chargeError, paymentMethodFor } from './pay-invoice.js'
import { billedItems, createProrations } from './prorate.js'
import { billNewPeriod, endTrial, recurringOf, startPeriodNow } from './renew-subscription.js'
import { scheduleCancellation } from './schedule-cancellation.js'
import { requireSubscription, type StoredSubscription } from './subscription.js'
import {
  buildSubscriptionItem,
  currentPeriod,
  setCurrentPeriod,
  setItemPrice,
  subscriptionLines,
} from './subscription-items.js'
import { requireCompatiblePrices, requireQuantity, requireSubscribablePrice } from './subscription-prices.js'
import { endedStatuses } from './subscription-statuses.js'
import { sendTrialWillEnd, sendTrialWillEndIfDue } from './trial-will-end.js'

type Feedback = Stripe.Subscription.CancellationDetails.Feedback

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
  /** A list replaces the subscription's discounts, `null` removes them, an empty list keeps them. */
  discounts?: DiscountRequest[] | null
  /** Pauses collection (`null` resumes it). */
  pauseCollection?: PauseCollectionInput
  /** How invoices from now on are paid; the open ones keep theirs. */
  collectionMethod?: CollectionMethod
  daysUntilDue?: number
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
  const prorationBehavior = changes.prorationBehavior ?? 'create_prorations'
  const itemsChanged = newItems !== undefined && JSON.stringify(billedOf(newItems)) !== JSON.stringify(billedBefore)
  const timing = changeTiming(subscription, {
    recurringAfter,
    itemsChanged,
    prorationBehavior,
    billingCycleAnchor: changes.billingCycleAnchor,
  })
  const restartsCycle = timing === 'restart_cycle'
  const invoicesNow = trialEndsNow || restartsCycle || timing === 'invoice_now'
  if (invoicesNow && changes.paymentBehavior === 'error_if_incomplete') {
    const willPayWith =
      defaultPaymentMethod !== undefined
        ? (defaultPaymentMethod ?? paymentMethodFor(customer, undefined))
        : paymentMethodFor(customer, subscription)
    const failure = chargeError(emulator, willPayWith)
    if (failure) throw failure
  }

  const discountsAfter =
    changes.discounts === undefined
      ? undefined
      : nextSubscriptionDiscounts(
          emulator,
          { id: subscription.id, customer: customer.id, testClock, discounts: subscription.discounts },
          changes.discounts,
        )
  const before = structuredClone(subscription)
  if (discountsAfter) subscription.discounts = discountsAfter
  if (changes.metadata) subscription.metadata = changes.metadata
  if (changes.description !== undefined) subscription.description = changes.description
  if (changes.collectionMethod !== undefined || changes.daysUntilDue !== undefined) {
    const terms = collectionTerms(changes, {
      method: subscription.collection_method === 'send_invoice' ? 'send_invoice' : 'charge_automatically',
      daysUntilDue: subscription.days_until_due,
    })
    subscription.collection_method = terms.method
    subscription.days_until_due = terms.daysUntilDue
  }
  if (changes.pauseCollection !== undefined) applyPauseCollection(subscription, changes.pauseCollection, now)
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
      createProrations(emulator, subscription, billedBefore, [], prorationAt, periodBefore, before.discounts)
    const period = startPeriodNow(subscription, now)
    billNewPeriod(emulator, subscription, before, {
      billingReason: 'subscription_update',
      lines: subscriptionLines(emulator, subscription, period),
      invoicePeriod: { start: now, end: now },
      charge: true,
    })
    return subscription
  }
  if ((timing === 'invoice_now' || timing === 'next_invoice') && periodBefore) {
    const after = billedItems(subscription)
    createProrations(emulator, subscription, billedBefore, after, prorationAt, periodBefore, before.discounts)
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
  } else if (typeof changes.trialEnd === 'number') {
    sendTrialWillEndIfDue(emulator, subscription)
  }
  return subscription
}

/**
 * The item list after `items[]` changes (by id: new price or quantity, or `deleted`; without id: a new item);
 * errors name the item under `param` (`items`, or `subscription_details[items]` for a preview).
 */
export function itemsAfterChanges(
  emulator: Emulator,
  subscription: StoredSubscription,
  changes: NonNullable<UpdateSubscriptionInput['items']>,
  now: number,
  param = 'items',
): Stripe.SubscriptionItem[] {
  const items = structuredClone(subscription.items.data)
  const period = currentPeriod(subscription)
  const removed = new Set<string>()
  changes.forEach((change, i) => {
    if (change.id) {
      const item = items.find((candidate) => candidate.id === change.id)
      if (!item) throw noSuchResource('subscription_item', change.id, `${param}[${i}][id]`)
      if (change.deleted) {
        removed.add(item.id)
        return
      }
      if (change.price !== undefined && change.price !== item.price.id) {
        setItemPrice(item, requireSubscribablePrice(emulator, change.price, `${param}[${i}][price]`))
      }
      if (change.quantity !== undefined) item.quantity = requireQuantity(change.quantity, `${param}[${i}][quantity]`)
      if (change.metadata) item.metadata = change.metadata
      return
    }
    if (!change.price) throw missingParam(`${param}[${i}][price]`)
    const price = requireSubscribablePrice(emulator, change.price, `${param}[${i}][price]`)
    const quantity = requireQuantity(change.quantity, `${param}[${i}][quantity]`)
    items.push(buildSubscriptionItem(emulator, subscription.id, price, quantity, period, now, change.metadata ?? {}))
  })
  const remaining = items.filter((item) => !removed.has(item.id))
  if (remaining.length === 0) {
    throw invalidRequest('A subscription must have at least one active item; cancel the subscription instead.', param)
  }
  requireCompatiblePrices(remaining.map((item) => item.price))
  return remaining
}

function billedOf(items: Stripe.SubscriptionItem[]): { id: string; price: string; quantity: number }[] {
  return items.map((item) => ({ id: item.id, price: item.price.id, quantity: item.quantity ?? 1 }))
}
