import type Stripe from 'stripe'
import type { PageFormatter } from '../portal/page-formatter.js'
import type { PageMessages } from './locales/en.js'

/** What a page needs to describe a coupon: its text and its number formats. */
export interface CouponWording {
  t: PageMessages
  format: PageFormatter
}

/** What a coupon takes off: `20% off`, `$5.00 off`, in the page's language. */
export function couponOff(coupon: Stripe.Coupon, { t, format }: CouponWording): string {
  return coupon.percent_off !== null
    ? t.discount.percentOff(new Intl.NumberFormat(format.lang).format(coupon.percent_off))
    : t.discount.amountOff(format.money(coupon.amount_off ?? 0, coupon.currency ?? 'usd'))
}

/** `20% off for 3 months`, `$5.00 off on your next invoice`, in the page's language. */
export function describeCoupon(coupon: Stripe.Coupon, wording: CouponWording): string {
  const { t } = wording
  const duration =
    coupon.duration === 'once'
      ? t.discount.once
      : coupon.duration === 'repeating'
        ? t.discount.forMonths(coupon.duration_in_months ?? 1)
        : t.discount.forever
  return `${couponOff(coupon, wording)} ${duration}`
}
