import type { StoredSubscription } from '../billing/subscription.js'
import type { StoredCoupon } from '../discounts/coupon.js'
import { type DiscountState, storedDiscounts } from '../discounts/discount.js'
import { promotionCoupon, type StoredPromotionCode } from '../discounts/promotion-code.js'
import { couponOff, describeCoupon } from './describe-coupon.js'
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
          ? ctx.t.discount.until(ctx.format.date(discount.end))
          : coupon.duration === 'once'
            ? ctx.t.discount.once
            : ctx.t.discount.forever
      return `<p class="discount" data-slot="discount"><span class="badge">${escapeHtml(ctx.t.discount.label)}</span> ${escapeHtml(`${couponOff(coupon, ctx)} ${when}`)}</p>`
    })
    .join('\n')
}

/** The discounts a `subscription_update_confirm` flow adds, shown above "Confirm": `Discount 20% off for 3 months`. */
export function renderConfirmFlowDiscounts(ctx: PortalPageContext): string {
  const discounts = ctx.activeFlow?.subscription_update_confirm?.discounts ?? []
  return discounts
    .map((discount) => {
      const coupon = ctx.emulator.state.find<StoredCoupon>('coupon', couponOf(ctx, discount))
      if (!coupon || coupon.deleted) return ''
      return `<p class="discount" data-slot="discount"><span class="badge">${escapeHtml(ctx.t.discount.label)}</span> ${escapeHtml(describeCoupon(coupon, ctx))}</p>`
    })
    .join('\n')
}

function couponOf(ctx: PortalPageContext, discount: { coupon: string | null; promotion_code: string | null }): string {
  if (discount.coupon) return discount.coupon
  const code = ctx.emulator.state.find<StoredPromotionCode>('promotion_code', discount.promotion_code ?? '')
  return code ? promotionCoupon(code) : ''
}
