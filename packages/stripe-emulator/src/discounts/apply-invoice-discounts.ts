import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { type DiscountState, endDiscount, type StoredDiscount, storedDiscounts } from './discount.js'
import { stackCoupons } from './stack-coupons.js'

/**
 * Applies a subscription's discounts to a new invoice: first ends the ones that are over (a `repeating` discount
 * past its `end`, a `once` discount already used), removing them from the subscription with
 * customer.discount.deleted; then reduces the discountable lines (`discount_amounts`) and the invoice's totals
 * (`total_discount_amounts`, `total`), each discount on what the previous ones left.
 */
export function applyInvoiceDiscounts(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  subscription: (Stripe.Subscription & { id: string }) | null,
): void {
  if (!subscription || subscription.discounts.length === 0) return
  const testClock = (subscription.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  const active: StoredDiscount[] = []
  for (const discount of storedDiscounts(emulator, subscription.discounts)) {
    const over =
      (discount.end !== null && discount.end <= now) ||
      emulator.state.hidden<DiscountState>(discount.id).usedOn !== undefined
    if (!over) {
      active.push(discount)
      continue
    }
    subscription.discounts = subscription.discounts.filter((d) => (typeof d === 'string' ? d : d.id) !== discount.id)
    endDiscount(emulator, discount, testClock)
  }
  const lines = invoice.lines.data
  const stacked = stackCoupons(
    // The coupon as it was when redeemed: a deleted coupon keeps discounting where it was redeemed, as on Stripe.
    active.map((discount) => emulator.state.hidden<DiscountState>(discount.id).coupon),
    invoice.currency,
    lines.map((line) => ({ amount: line.discountable ? Math.max(0, line.amount) : 0, product: lineProduct(line) })),
  )
  const totals: Stripe.Invoice.TotalDiscountAmount[] = []
  active.forEach((discount, k) => {
    const amounts = stacked[k] ?? []
    const sum = amounts.reduce((a, b) => a + b, 0)
    if (sum === 0) return
    amounts.forEach((amount, i) => {
      const line = lines[i]
      if (!line || amount === 0) return
      line.discount_amounts = [...(line.discount_amounts ?? []), { amount, discount: discount.id }]
      line.discounts = [...line.discounts, discount.id]
    })
    totals.push({ amount: sum, discount: discount.id })
    const state = emulator.state.hidden<DiscountState>(discount.id)
    if (state.coupon.duration === 'once') state.usedOn = invoice.id
  })
  const discounted = totals.reduce((sum, t) => sum + t.amount, 0)
  invoice.discounts = active.map((discount) => discount.id)
  invoice.total_discount_amounts = totals
  invoice.total = invoice.subtotal - discounted
  invoice.total_excluding_tax = invoice.total
  invoice.amount_due = Math.max(0, invoice.total)
  invoice.amount_remaining = invoice.amount_due
}

function lineProduct(line: Stripe.InvoiceLineItem): string | null {
  const product = line.pricing?.price_details?.product
  return typeof product === 'string' ? product : null
}
