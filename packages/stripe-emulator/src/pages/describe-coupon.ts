import type Stripe from 'stripe'
import type { PageFormatter } from '../portal/page-formatter.js'

/** Every user-visible string about a coupon, in one place so it can be localised. */
export const couponStrings = {
  percentOff: (percent: string) => `${percent}% off`,
  amountOff: (amount: string) => `${amount} off`,
  once: 'on your next invoice',
  repeatingMonth: 'for 1 month',
  repeatingMonths: (months: number) => `for ${months} months`,
  forever: 'for as long as you stay subscribed',
  until: (date: string) => `until ${date}`,
  discountLabel: 'Discount',
}

/** What a coupon takes off: `20% off`, `$5.00 off`. */
export function couponOff(coupon: Stripe.Coupon, format: PageFormatter): string {
  return coupon.percent_off !== null
    ? couponStrings.percentOff(new Intl.NumberFormat(format.lang).format(coupon.percent_off))
    : couponStrings.amountOff(format.money(coupon.amount_off ?? 0, coupon.currency ?? 'usd'))
}

/** `20% off for 3 months`, `$5.00 off on your next invoice`, in the page's locale. */
export function describeCoupon(coupon: Stripe.Coupon, format: PageFormatter): string {
  const off = couponOff(coupon, format)
  const months = coupon.duration_in_months ?? 1
  const duration =
    coupon.duration === 'once'
      ? couponStrings.once
      : coupon.duration === 'repeating'
        ? months === 1
          ? couponStrings.repeatingMonth
          : couponStrings.repeatingMonths(months)
        : couponStrings.forever
  return `${off} ${duration}`
}
