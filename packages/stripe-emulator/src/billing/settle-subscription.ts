import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import type { StoredInvoice } from './create-invoice.js'
import { endSubscription } from './end-subscription.js'
import type { StoredSubscription } from './subscription.js'
import { subscriptionOfInvoice } from './subscription-of-invoice.js'

const awaitingPayment = ['incomplete', 'past_due', 'unpaid']

/**
 * A paid invoice brings an incomplete, past_due or unpaid subscription back to `active` once nothing else is open, or to
 * `trialing` while its trial runs (a trial that waited for its one-time items to be paid).
 */
export function subscriptionAfterInvoicePaid(emulator: Emulator, invoice: StoredInvoice): void {
  const subscription = subscriptionOfInvoice(emulator, invoice)
  if (!subscription || !awaitingPayment.includes(subscription.status)) return
  const stillOpen = openInvoicesOf(emulator, subscription).filter((i) => i.id !== invoice.id)
  if (stillOpen.length > 0) return
  const before = structuredClone(subscription)
  const inTrial = subscription.trial_end !== null && subscription.trial_end > emulator.now(clockOf(subscription))
  subscription.status = inTrial ? 'trialing' : 'active'
  emitUpdate(emulator, 'customer.subscription.updated', before, subscription, clockOf(subscription))
}

/**
 * A failed automatic attempt makes a running subscription `past_due`; after the last retry,
 * `settings.afterFinalFailure` decides: cancel it, mark it `unpaid`, or leave it `past_due`.
 */
export function subscriptionAfterAutomaticFailure(emulator: Emulator, invoice: StoredInvoice, isFinal: boolean): void {
  const subscription = subscriptionOfInvoice(emulator, invoice)
  if (!subscription || !['active', 'trialing', 'past_due'].includes(subscription.status)) return
  const before = structuredClone(subscription)
  subscription.status = 'past_due'
  if (isFinal && emulator.settings.afterFinalFailure === 'unpaid') subscription.status = 'unpaid'
  emitUpdate(emulator, 'customer.subscription.updated', before, subscription, clockOf(subscription))
  if (isFinal && emulator.settings.afterFinalFailure === 'cancel')
    endSubscription(emulator, subscription, 'payment_failed')
}

/** Hidden on an invoice sent for payment once its due date has passed unpaid, so that is handled once. */
interface DueDateState extends Record<string, unknown> {
  dueDatePassed?: boolean
}

/** When an open invoice sent for payment (`send_invoice`) falls due unpaid, if it has not yet been handled. */
export function unpaidDueDate(emulator: Emulator, invoice: StoredInvoice): number | undefined {
  if (invoice.status !== 'open' || invoice.collection_method !== 'send_invoice' || invoice.due_date === null) {
    return undefined
  }
  return emulator.state.hidden<DueDateState>(invoice.id).dueDatePassed ? undefined : invoice.due_date
}

/** An invoice sent for payment that passes its due date unpaid makes its running subscription `past_due`, as Stripe does. */
export function subscriptionAfterMissedDueDate(emulator: Emulator, invoice: StoredInvoice): void {
  emulator.state.hidden<DueDateState>(invoice.id).dueDatePassed = true
  const subscription = subscriptionOfInvoice(emulator, invoice)
  if (!subscription || !['active', 'trialing'].includes(subscription.status)) return
  const before = structuredClone(subscription)
  subscription.status = 'past_due'
  emitUpdate(emulator, 'customer.subscription.updated', before, subscription, clockOf(subscription))
}

export function openInvoicesOf(emulator: Emulator, subscription: StoredSubscription): StoredInvoice[] {
  return emulator.state.listWhere<StoredInvoice>('invoice', 'subscription', subscription.id, (i) => i.status === 'open')
}

function clockOf(subscription: StoredSubscription): string | null {
  return (subscription.test_clock as string | null) ?? null
}
