import type Stripe from 'stripe'
import type { StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { emitUpdate } from '../events/emit-update.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { finalizeInvoice, markUncollectible, type StoredInvoice, voidInvoice } from './create-invoice.js'
import type { StoredSubscription } from './subscription.js'

export type PauseCollectionInput = { behavior: Stripe.Subscription.PauseCollection.Behavior; resumesAt?: number } | null

/** `pause_collection` of a subscription update: set (with a future `resumes_at`, if any) or, with `''`, cleared. */
export function applyPauseCollection(
  subscription: StoredSubscription,
  change: PauseCollectionInput,
  now: number,
): void {
  if (change === null) {
    subscription.pause_collection = null
    return
  }
  if (change.resumesAt !== undefined && change.resumesAt <= now) {
    throw invalidRequest(
      'Invalid timestamp: must be an integer Unix timestamp in the future.',
      'pause_collection[resumes_at]',
    )
  }
  subscription.pause_collection = { behavior: change.behavior, resumes_at: change.resumesAt ?? null }
}

/**
 * An invoice made while collection is paused is not charged: `keep_as_draft` leaves it a draft, `void` finalizes and
 * voids it, `mark_uncollectible` finalizes it and marks it uncollectible (invoice.marked_uncollectible).
 */
export function settlePausedInvoice(
  emulator: Emulator,
  invoice: StoredInvoice,
  customer: StoredCustomer,
  behavior: Stripe.Subscription.PauseCollection.Behavior,
): void {
  if (behavior === 'keep_as_draft') {
    invoice.auto_advance = false
    return
  }
  finalizeInvoice(emulator, invoice, customer)
  if (invoice.status !== 'open') return
  if (behavior === 'void') {
    voidInvoice(emulator, invoice)
    return
  }
  markUncollectible(emulator, invoice)
}

/** `pause_collection.resumes_at` has come: collection resumes (customer.subscription.updated). */
export function resumeCollection(emulator: Emulator, subscription: StoredSubscription): void {
  const testClock = (subscription.test_clock as string | null) ?? null
  const before = structuredClone(subscription)
  subscription.pause_collection = null
  emitUpdate(emulator, 'customer.subscription.updated', before, subscription, testClock)
}
