import type Stripe from 'stripe'
import type { DiscountState } from '../discounts/discount.js'
import type { Emulator } from '../emulator.js'
import { escapeHtml } from './render-layout.js'

/** Every user-visible string of an invoice's discounts, in one place so it can be localised. */
export const invoiceDiscountStrings = {
  subtotal: 'Subtotal',
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

/** The subtotal and one row per discount for the hosted invoice's totals, or '' when nothing was discounted. */
export function renderInvoiceDiscountRows(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  money: (amount: number) => string,
): string {
  const lines = invoiceDiscountLines(emulator, invoice)
  if (lines.length === 0) return ''
  const row = (label: string, amount: string) =>
    `<tr><th scope="row" colspan="3">${escapeHtml(label)}</th><td class="amount">${amount}</td></tr>`
  return [
    row(invoiceDiscountStrings.subtotal, money(invoice.subtotal)),
    ...lines.map((line) => row(line.label, `−${money(line.amount)}`)),
  ].join('\n')
}
