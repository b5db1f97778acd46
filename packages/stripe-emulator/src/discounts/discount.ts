import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import type { StoredObject } from '../state/emulator-state.js'
import type { StoredCoupon } from './coupon.js'

/** A coupon or promotion code applied to a subscription. Kept after it ends so invoices can still expand it. */
export type StoredDiscount = Stripe.Discount & StoredObject

/** Emulator-private state of a discount. */
export type DiscountState = {
  /** The coupon as it was redeemed, so deleting the coupon does not change the discount. */
  coupon: StoredCoupon
  /** The invoice a `duration: once` discount was used on; it ends before the next one. */
  usedOn?: string
}

/** The coupon a discount came from. */
export function discountCoupon(discount: Stripe.Discount): string {
  const coupon = discount.source.coupon
  return typeof coupon === 'string' ? coupon : (coupon?.id ?? '')
}

/** Stored discounts by id, in the given order, skipping ids that name nothing. */
export function storedDiscounts(emulator: Emulator, ids: Array<string | { id: string }>): StoredDiscount[] {
  return ids
    .map((id) => emulator.state.find<StoredDiscount>('discount', typeof id === 'string' ? id : id.id))
    .filter((discount): discount is StoredDiscount => discount !== undefined)
}

/** Ends a discount (removed, expired, or used up) and emits customer.discount.deleted, as Stripe does. */
export function endDiscount(emulator: Emulator, discount: StoredDiscount, testClock: string | null): void {
  emulator.emit('customer.discount.deleted', discount, { testClock })
}
