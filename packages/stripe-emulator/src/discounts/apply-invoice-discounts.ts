import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import type { StoredCoupon } from './coupon.js'
import { type DiscountState, endDiscount, type StoredDiscount, storedDiscounts } from './discount.js'

/**
 * Applies a subscription's discounts to a new invoice: first ends the ones that are over (a `repeating` discount
 * past its `end`, a `once` discount already used), removing them from the subscription with
 * customer.discount.deleted; then reduces the discountable lines (`discount_amounts`) and the invoice's totals
 * (`total_discount_amounts`, `total`). Percentages apply to each line; an amount off is shared across the lines
 * it applies to in proportion to their amounts, never below zero.
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
  const remaining = lines.map((line) => (line.discountable ? Math.max(0, line.amount) : 0))
  const totals: Stripe.Invoice.TotalDiscountAmount[] = []
  for (const discount of active) {
    // The coupon as it was when redeemed: a deleted coupon keeps discounting where it was redeemed, as on Stripe.
    const { coupon } = emulator.state.hidden<DiscountState>(discount.id)
    const eligible = lines.map((line, i) => ((remaining[i] ?? 0) > 0 && appliesTo(coupon, line) ? i : -1))
    const amounts = discountPerLine(coupon, invoice.currency, eligible, remaining)
    const sum = amounts.reduce((a, b) => a + b, 0)
    if (sum === 0) continue
    amounts.forEach((amount, i) => {
      const line = lines[i]
      if (!line || amount === 0) return
      remaining[i] = (remaining[i] ?? 0) - amount
      line.discount_amounts = [...(line.discount_amounts ?? []), { amount, discount: discount.id }]
      line.discounts = [...line.discounts, discount.id]
    })
    totals.push({ amount: sum, discount: discount.id })
    if (coupon.duration === 'once') emulator.state.hidden<DiscountState>(discount.id).usedOn = invoice.id
  }
  const discounted = totals.reduce((sum, t) => sum + t.amount, 0)
  invoice.discounts = active.map((discount) => discount.id)
  invoice.total_discount_amounts = totals
  invoice.total = invoice.subtotal - discounted
  invoice.total_excluding_tax = invoice.total
  invoice.amount_due = Math.max(0, invoice.total)
  invoice.amount_remaining = invoice.amount_due
}

function appliesTo(coupon: StoredCoupon, line: Stripe.InvoiceLineItem): boolean {
  const products = coupon.applies_to?.products
  if (!products || products.length === 0) return true
  const product = line.pricing?.price_details?.product
  return typeof product === 'string' && products.includes(product)
}

/** What a coupon takes off each line (0 where it does not apply); `eligible[i]` is `i` or -1. */
function discountPerLine(coupon: StoredCoupon, currency: string, eligible: number[], remaining: number[]): number[] {
  const amounts = remaining.map(() => 0)
  const indexes = eligible.filter((i) => i !== -1)
  if (coupon.percent_off !== null) {
    for (const i of indexes) amounts[i] = Math.round(((remaining[i] ?? 0) * coupon.percent_off) / 100)
    return amounts
  }
  if (coupon.amount_off === null || coupon.currency !== currency) return amounts
  const base = indexes.reduce((sum, i) => sum + (remaining[i] ?? 0), 0)
  const off = Math.min(coupon.amount_off, base)
  let given = 0
  indexes.forEach((i, k) => {
    const share = k === indexes.length - 1 ? off - given : Math.floor((off * (remaining[i] ?? 0)) / base)
    amounts[i] = share
    given += share
  })
  return amounts
}
