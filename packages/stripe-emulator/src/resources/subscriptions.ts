import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import type { ApiRoute } from '../http/router.js'
import { noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredSubscription = Stripe.Subscription & StoredObject

export interface CreateSubscriptionInput {
  customer: string
  items: { price: string; quantity?: number }[]
  trialPeriodDays?: number
  trialEnd?: number
  metadata?: Record<string, string>
  paymentBehavior?: 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete'
  defaultPaymentMethod?: string
}

export interface UpdateSubscriptionInput {
  items?: { id?: string; price?: string; quantity?: number; deleted?: boolean }[]
  cancelAtPeriodEnd?: boolean
  cancelAt?: number | null
  prorationBehavior?: 'create_prorations' | 'none' | 'always_invoice'
  metadata?: Record<string, string>
  cancellationDetails?: { feedback?: string; comment?: string }
  defaultPaymentMethod?: string
}

export const subscriptionsRoutes: ApiRoute[] = []

export function requireSubscription(emulator: Emulator, id: string, param = 'subscription'): StoredSubscription {
  const subscription = emulator.state.find<StoredSubscription>('subscription', id)
  if (!subscription) throw noSuchResource('subscription', id, param)
  return subscription
}

export function createSubscription(_emulator: Emulator, _input: CreateSubscriptionInput): StoredSubscription {
  throw new Error('createSubscription: not built yet')
}

export function updateSubscription(
  _emulator: Emulator,
  _id: string,
  _changes: UpdateSubscriptionInput,
): StoredSubscription {
  throw new Error('updateSubscription: not built yet')
}

export function cancelSubscription(
  _emulator: Emulator,
  _id: string,
  _options: {
    invoiceNow?: boolean
    prorate?: boolean
    cancellationDetails?: { feedback?: string; comment?: string }
  } = {},
): StoredSubscription {
  throw new Error('cancelSubscription: not built yet')
}

/** Stripe cancels every subscription of a customer that is deleted, emitting customer.subscription.deleted. */
export function cancelSubscriptionsOfDeletedCustomer(_emulator: Emulator, _customerId: string): void {}
