import type { StoredSubscription } from '../billing/subscription.js'
import { type DiscountState, storedDiscounts } from '../discounts/discount.js'
import { couponOff, couponStrings } from './describe-coupon.js'
import type { PortalPageContext } from './portal-page-context.js'
import { escapeHtml } from './render-layout.js'

/** The discounts a subscription carries, for its card on the portal overview: `20% off until May 1, 2030`. */
export function renderSubscriptionDiscounts(ctx: PortalPageContext, subscription: StoredSubscription): string {
  return storedDiscounts(ctx.emulator, subscription.discounts)
    .map((discount) => {
      const { coupon } = ctx.emulator.state.hidden<DiscountState>(discount.id)
      if (!coupon) return ''
      const when =
        discount.end !== null
          ? couponStrings.until(ctx.format.date(discount.end))
          : coupon.duration === 'once'
            ? couponStrings.once
            : couponStrings.forever
      return `<p class="discount" data-slot="discount"><span class="badge">${escapeHtml(couponStrings.discountLabel)}</span> ${escapeHtml(`${couponOff(coupon, ctx.format)} ${when}`)}</p>`
    })
    .join('\n')
}
