import type Stripe from 'stripe'
import type { StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import { addInterval, nextPeriodEnd } from './billing-period.js'
import { createInvoice, finalizeInvoice, type InvoiceLineInput, type StoredInvoice } from './create-invoice.js'
import { endSubscription } from './end-subscription.js'
import { type StubAfterTrial, stubLines } from './first-billing-cycle.js'
import { settlePausedInvoice } from './pause-collection.js'
import { collectAutomatically, paymentMethodFor } from './pay-invoice.js'
import { finalizationFields } from './schedule-finalization.js'
import type { StoredSubscription } from './subscription.js'
import { currentPeriod, setCurrentPeriod, subscriptionLines } from './subscription-items.js'

/**
 * Starts the next billing period at the end of the current one: new period on every item, a
 * `subscription_cycle` invoice (with pending prorations), charged after the finalization grace period
 * unless the subscription is `unpaid`.
 */
export function renewSubscription(emulator: Emulator, subscription: StoredSubscription): StoredInvoice {
  const previous = currentPeriod(subscription)
  const recurring = recurringOf(subscription)
  const period = {
    start: previous.end,
    end: nextPeriodEnd(
      subscription.billing_cycle_anchor,
      recurring,
      previous.end,
      subscription.billing_cycle_anchor_config?.day_of_month,
    ),
  }
  const before = structuredClone(subscription)
  setCurrentPeriod(subscription, period)
  return billNewPeriod(emulator, subscription, before, {
    billingReason: 'subscription_cycle',
    lines: subscriptionLines(emulator, subscription, period),
    invoicePeriod: previous,
    charge: subscription.status !== 'unpaid',
    afterGrace: subscription.status !== 'unpaid',
  })
}

/**
 * Ends a trial now (its scheduled end, or `trial_end=now`): the subscription turns `active`, a paid period starts
 * and is invoiced and charged (at its scheduled end, after the finalization grace period, as a renewal is);
 * a failed charge makes it `past_due`. Without any payment method,
 * `trial_settings.end_behavior.missing_payment_method` may cancel or pause it instead.
 */
export function endTrial(
  emulator: Emulator,
  subscription: StoredSubscription,
  billingReason: 'subscription_cycle' | 'subscription_update',
): StoredInvoice | undefined {
  const testClock = (subscription.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  const customer = emulator.state.find<StoredCustomer>('customer', subscription.customer as string)
  const missingPaymentMethod = customer !== undefined && paymentMethodFor(customer, subscription) === null
  const onMissing = subscription.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice'
  if (missingPaymentMethod && onMissing === 'cancel') {
    endSubscription(emulator, subscription, 'cancellation_requested')
    return undefined
  }
  if (missingPaymentMethod && onMissing === 'pause') {
    const before = structuredClone(subscription)
    subscription.status = 'paused'
    emitUpdate(emulator, 'customer.subscription.updated', before, subscription, testClock)
    emulator.emit('customer.subscription.paused', subscription, { testClock })
    return undefined
  }
  const trialStart = subscription.trial_start ?? now
  const before = structuredClone(subscription)
  const lines = startFirstPaidPeriod(emulator, subscription, now)
  subscription.status = 'active'
  if ((subscription.trial_end ?? now) > now) subscription.trial_end = now
  return billNewPeriod(emulator, subscription, before, {
    billingReason,
    lines,
    invoicePeriod: { start: trialStart, end: now },
    charge: true,
    afterGrace: billingReason === 'subscription_cycle',
  })
}

/**
 * Starts the period a trial gives way to and returns its lines: the stretch up to a billing cycle anchor set at creation
 * after the trial's end (pro rata, or free), else a whole period from now, the cycle anchored now.
 */
function startFirstPaidPeriod(emulator: Emulator, subscription: StoredSubscription, now: number): InvoiceLineInput[] {
  const hidden = emulator.state.hidden<StubAfterTrial>(subscription.id)
  const stub = hidden.stubToAnchor
  delete hidden.stubToAnchor
  if (stub && subscription.billing_cycle_anchor > now) {
    const period = { start: now, end: subscription.billing_cycle_anchor }
    setCurrentPeriod(subscription, period)
    return stubLines(emulator, subscription, { ...period, free: stub.free })
  }
  return subscriptionLines(emulator, subscription, startPeriodNow(subscription, now))
}

/** Resumes a paused subscription: a new period from now, invoiced and charged. Emits customer.subscription.resumed. */
export function resumeSubscription(emulator: Emulator, subscription: StoredSubscription): StoredInvoice {
  const testClock = (subscription.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  const before = structuredClone(subscription)
  const period = startPeriodNow(subscription, now)
  subscription.status = 'active'
  const invoice = billNewPeriod(emulator, subscription, before, {
    billingReason: 'subscription_update',
    lines: subscriptionLines(emulator, subscription, period),
    invoicePeriod: { start: now, end: now },
    charge: true,
  })
  emulator.emit('customer.subscription.resumed', subscription, { testClock })
  return invoice
}

/** Resets the billing cycle to start now (trial end, resume, change of interval); returns the new period. */
export function startPeriodNow(subscription: StoredSubscription, now: number): { start: number; end: number } {
  const recurring = recurringOf(subscription)
  const period = { start: now, end: addInterval(now, recurring.interval, recurring.interval_count) }
  subscription.billing_cycle_anchor = now
  setCurrentPeriod(subscription, period)
  return period
}

/**
 * Invoices a subscription whose new state is already applied: invoice.created, then customer.subscription.updated
 * (against `before`), then finalization and, with `charge`, an automatic payment attempt. With `afterGrace` (what
 * a cycle bills on its own), the invoice stays a draft for the finalization grace period, as Stripe's does, and
 * `autoAdvanceInvoice` finalizes and charges it when the clock gets there.
 */
export function billNewPeriod(
  emulator: Emulator,
  subscription: StoredSubscription,
  before: StoredSubscription,
  options: {
    billingReason: Stripe.Invoice.BillingReason
    lines: InvoiceLineInput[]
    invoicePeriod: { start: number; end: number }
    charge: boolean
    afterGrace?: boolean
  },
): StoredInvoice {
  const testClock = (subscription.test_clock as string | null) ?? null
  const customer = emulator.state.find<StoredCustomer>('customer', subscription.customer as string)
  if (!customer) throw new Error(`subscription ${subscription.id} has no stored customer`)
  const invoiceId = emulator.state.newId('in')
  subscription.latest_invoice = invoiceId
  const graceSeconds = emulator.settings.invoiceFinalizationGraceHours * 3600
  const waitsOutGrace = options.afterGrace === true && graceSeconds > 0 && !subscription.pause_collection
  const invoice = createInvoice(emulator, {
    id: invoiceId,
    customer,
    subscription,
    billingReason: options.billingReason,
    lines: options.lines,
    includePendingItems: true,
    periodStart: options.invoicePeriod.start,
    periodEnd: options.invoicePeriod.end,
    // Scheduled before invoice.created, so that event shows when the draft will be finalized and charged.
    ...(waitsOutGrace
      ? { fields: finalizationFields(subscription.collection_method, emulator.now(testClock) + graceSeconds) }
      : {}),
  })
  emitUpdate(emulator, 'customer.subscription.updated', before, subscription, testClock)
  if (subscription.pause_collection) {
    settlePausedInvoice(emulator, invoice, customer, subscription.pause_collection.behavior)
    return invoice
  }
  if (waitsOutGrace) return invoice
  finalizeInvoice(emulator, invoice, customer)
  if (options.charge) collectAutomatically(emulator, invoice)
  return invoice
}

export function recurringOf(subscription: StoredSubscription): Stripe.Price.Recurring {
  const recurring = subscription.items.data[0]?.price.recurring
  if (!recurring) throw new Error(`subscription ${subscription.id} has no recurring price`)
  return recurring
}
