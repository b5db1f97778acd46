import type { Emulator } from '../emulator.js'
import type { InvoiceDiscount } from './apply-invoice-discounts.js'
import type { DiscountState } from './discount.js'
import { checkDiscountRequests, type DiscountCheckTarget, type DiscountRequest } from './redeem-discounts.js'

/**
 * The discounts `discounts[]` would give, checked as redemption checks them (Stripe's errors) but not redeemed: a new
 * coupon or code gets a discount id made up for the invoice that previews it; nothing is stored or counted.
 */
export function unredeemedDiscounts(
  emulator: Emulator,
  requests: DiscountRequest[] | null | undefined,
  target: DiscountCheckTarget,
): InvoiceDiscount[] {
  return checkDiscountRequests(emulator, requests ?? [], target).map((checked) =>
    'kept' in checked
      ? { id: checked.kept.id, coupon: emulator.state.hidden<DiscountState>(checked.kept.id).coupon }
      : { id: emulator.state.newId('di'), coupon: checked.coupon },
  )
}
