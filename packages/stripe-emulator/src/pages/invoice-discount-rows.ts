import type Stripe from 'stripe'
import type { DiscountState } from '../discounts/discount.js'
import type { Emulator } from '../emulator.js'

/** Every user-visible string of an invoice's discounts, in one place so it can be localised. */
export const invoiceDiscountStrings = {
  percentOff: (name: string, percent: number) => `${name} (${percent}% off)`,
  amountOff: (name: string) => `${name}`,
}

/** Each discount of an invoice with what it took off, labelled by its coupon's name (or id) as redeemed. */
export function invoiceDiscountLines(
  emulator: Emulator,
  invoice: Stripe.Invoice,
): Array<{ label: string; amount: number }> {
  return (invoice.total_discount_amounts ?? []).map(({ amount, discount }) => {
    const id = typeof discount === 'string' ? discount : discount.id
    const coupon = emulator.state.find('discount', id) ? emulator.state.hidden<DiscountState>(id).coupon : undefined
    const name = coupon?.name ?? coupon?.id ?? id
    const label =
      coupon?.percent_off != null
        ? invoiceDiscountStrings.percentOff(name, coupon.percent_off)
        : invoiceDiscountStrings.amountOff(name)
    return { label, amount }
  })
}
