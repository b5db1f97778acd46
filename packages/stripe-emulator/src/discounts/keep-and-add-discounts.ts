import type { Emulator } from '../emulator.js'
import { storedDiscounts } from './discount.js'
import type { DiscountRequest } from './redeem-discounts.js'

type Ref = string | { id: string } | null

/** A coupon or promotion code to add, as Stripe names one in a portal flow's or a schedule phase's `discounts`. */
export interface DiscountToAdd {
  coupon: Ref
  promotion_code: Ref
}

/** The `discounts[]` that keep an object's `current` discounts and add `added` after them (redeemed then). */
export function keepAndAddDiscounts(
  emulator: Emulator,
  current: Array<string | { id: string }>,
  added: DiscountToAdd[],
): DiscountRequest[] {
  const kept = storedDiscounts(emulator, current).map((d, i) => ({ discount: d.id, param: `discounts[${i}]` }))
  return [
    ...kept,
    ...added.map((d, i) => {
      const param = `discounts[${kept.length + i}]`
      return d.promotion_code ? { promotionCode: idOf(d.promotion_code), param } : { coupon: idOf(d.coupon), param }
    }),
  ]
}

function idOf(ref: Ref): string {
  return typeof ref === 'string' ? ref : (ref?.id ?? '')
}
