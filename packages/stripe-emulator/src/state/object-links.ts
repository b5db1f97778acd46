import type { StoredObject } from './emulator-state.js'

/** A reference from one object to another that lists are commonly filtered by. */
export type LinkName = 'customer' | 'subscription' | 'test_clock'

/**
 * The links `EmulatorState` indexes, per type: only ones Stripe never changes once the object exists (a
 * subscription's customer, an invoice's subscription, anything's test clock), so the index needs no watching of
 * writes. A payment method's customer changes on attach and detach, so it is not here and is found by a scan.
 */
export const linkedTypes: Readonly<Record<string, readonly LinkName[]>> = {
  customer: ['test_clock'],
  subscription: ['customer', 'test_clock'],
  invoice: ['customer', 'subscription', 'test_clock'],
  invoiceitem: ['customer', 'subscription'],
}

/** The id an object links to, or null: `subscription` is also read from an invoice's `parent.subscription_details`. */
export function linkValue(obj: StoredObject, link: LinkName): string | null {
  const direct = obj[link]
  if (typeof direct === 'string') return direct
  if (link !== 'subscription') return null
  const parent = obj.parent as { subscription_details?: { subscription?: unknown } | null } | null | undefined
  const subscription = parent?.subscription_details?.subscription
  return typeof subscription === 'string' ? subscription : null
}
