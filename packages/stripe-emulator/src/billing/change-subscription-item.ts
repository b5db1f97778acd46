import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import type { StoredSubscription } from './subscription.js'
import { requireSubscription } from './subscription.js'
import { type UpdateSubscriptionInput, updateSubscription } from './update-subscription.js'

export type StoredSubscriptionItem = Stripe.SubscriptionItem & StoredObject

/** How an item change is billed, as on `POST /v1/subscriptions/:id`. */
export type ItemChangeBilling = Pick<UpdateSubscriptionInput, 'prorationBehavior' | 'prorationDate' | 'paymentBehavior'>

export interface SubscriptionItemChanges {
  price?: string
  quantity?: number
  metadata?: Record<string, string>
}

/** A subscription item and the subscription holding it, or Stripe's 404. */
export function requireSubscriptionItem(
  emulator: Emulator,
  id: string,
  param = 'id',
): { subscription: StoredSubscription; item: StoredSubscriptionItem } {
  for (const subscription of emulator.state.list<StoredSubscription>('subscription')) {
    const item = subscription.items.data.find((candidate) => candidate.id === id)
    if (item) return { subscription, item: item as StoredSubscriptionItem }
  }
  throw noSuchResource('subscription_item', id, param)
}

/**
 * Adds an item to a subscription (`POST /v1/subscription_items`) through the subscription update, so prorations and
 * customer.subscription.updated (with `previous_attributes`) are the same as for `items[]` on the subscription.
 */
export function addSubscriptionItem(
  emulator: Emulator,
  subscriptionId: string,
  item: SubscriptionItemChanges & { price: string },
  billing: ItemChangeBilling,
): StoredSubscriptionItem {
  const before = new Set(requireSubscription(emulator, subscriptionId, 'subscription').items.data.map((i) => i.id))
  const subscription = updateSubscription(emulator, subscriptionId, { items: [item], ...billing })
  const added = subscription.items.data.find((candidate) => !before.has(candidate.id))
  if (!added) throw new Error(`no item was added to ${subscriptionId}`)
  return added as StoredSubscriptionItem
}

/** Changes an item's price, quantity or metadata (`POST /v1/subscription_items/:id`). */
export function changeSubscriptionItem(
  emulator: Emulator,
  id: string,
  changes: SubscriptionItemChanges,
  billing: ItemChangeBilling,
): StoredSubscriptionItem {
  const { subscription } = requireSubscriptionItem(emulator, id)
  updateSubscription(emulator, subscription.id, { items: [{ id, ...changes }], ...billing })
  return requireSubscriptionItem(emulator, id).item
}

/** Removes an item (`DELETE /v1/subscription_items/:id`); the last item cannot go, as on Stripe. */
export function removeSubscriptionItem(
  emulator: Emulator,
  id: string,
  billing: ItemChangeBilling,
): { id: string; object: 'subscription_item'; deleted: true } {
  const { subscription } = requireSubscriptionItem(emulator, id)
  if (subscription.items.data.length === 1) {
    throw invalidRequest(
      'A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint on /v1/subscriptions.',
      undefined,
      null,
    )
  }
  updateSubscription(emulator, subscription.id, { items: [{ id, deleted: true }], ...billing })
  return { id, object: 'subscription_item', deleted: true }
}
