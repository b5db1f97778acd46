import type Stripe from 'stripe'
import type { DiscountState } from '../discounts/discount.js'
import type { Emulator } from '../emulator.js'
import type { CouponWording } from './describe-coupon.js'

/**
 * Each discount of an invoice with what it took off, labelled by its coupon's name (or id) as redeemed and, for a
 * percentage, the rate in the page's language: `Loyalty (20% off)`, `Loyalty (20 % Rabatt)`.
 */
export function invoiceDiscountLines(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  { t, format }: CouponWording,
): Array<{ label: string; amount: number }> {
  return (invoice.total_discount_amounts ?? []).map(({ amount, discount }) => {
    const id = typeof discount === 'string' ? discount : discount.id
    const coupon = emulator.state.find('discount', id) ? emulator.state.hidden<DiscountState>(id).coupon : undefined
    const name = coupon?.name ?? coupon?.id ?? id
    const label =
      coupon?.percent_off != null
        ? `${name} (${t.discount.percentOff(new Intl.NumberFormat(format.lang).format(coupon.percent_off))})`
        : name
    return { label, amount }
  })
}
