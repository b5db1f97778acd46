import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { type DiscountState, endDiscount, type StoredDiscount, storedDiscounts } from './discount.js'
import { stackCoupons } from './stack-coupons.js'

/**
 * Applies discounts to a new invoice. A subscription's invoice takes the subscription's discounts: first the ones that
 * are over end (a `repeating` discount past its `end`, a `once` discount already used), removed from the subscription
 * with customer.discount.deleted; a `once` discount that takes something is used up. A one-off invoice takes its own
 * `discounts`. Then see discountInvoiceLines.
 */
export function applyInvoiceDiscounts(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  subscription: (Stripe.Subscription & { id: string }) | null,
): void {
  if (!subscription) {
    if (invoice.discounts.length > 0)
      discountInvoiceLines(emulator, invoice, storedDiscounts(emulator, invoice.discounts))
    return
  }
  if (subscription.discounts.length === 0) return
  const testClock = (subscription.test_clock as string | null) ?? null
  const now = emulator.now(testClock)
  const active: StoredDiscount[] = []
  for (const discount of storedDiscounts(emulator, subscription.discounts)) {
    if (!discountIsOver(emulator, discount, now)) {
      active.push(discount)
      continue
    }
    subscription.discounts = subscription.discounts.filter((d) => (typeof d === 'string' ? d : d.id) !== discount.id)
    endDiscount(emulator, discount, testClock)
  }
  for (const discount of discountInvoiceLines(emulator, invoice, active)) {
    const state = emulator.state.hidden<DiscountState>(discount.id)
    if (state.coupon.duration === 'once') state.usedOn = invoice.id
  }
}

/** Whether a discount no longer applies to an invoice made at `at`: a `repeating` one past its end, a `once` one used. */
export function discountIsOver(emulator: Emulator, discount: StoredDiscount, at: number): boolean {
  return (
    (discount.end !== null && discount.end <= at) ||
    emulator.state.hidden<DiscountState>(discount.id).usedOn !== undefined
  )
}

/**
 * Reduces an invoice by `discounts`, each on what the previous ones left: the discountable lines get
 * `discount_amounts` (replacing earlier ones, so a draft can be recomputed), the invoice `discounts`,
 * `total_discount_amounts`, and `total`/`amount_due` net of them (`subtotal` stays the sum of the lines). Answers
 * the discounts that took something.
 */
export function discountInvoiceLines(
  emulator: Emulator,
  invoice: Stripe.Invoice,
  discounts: StoredDiscount[],
): StoredDiscount[] {
  // The coupon as it was when redeemed: a deleted coupon keeps discounting where it was redeemed, as on Stripe.
  const coupons = discounts.map((discount) => ({
    id: discount.id,
    coupon: emulator.state.hidden<DiscountState>(discount.id).coupon,
  }))
  const applied = takeDiscountsOffInvoice(invoice, coupons)
  return discounts.filter((discount) => applied.includes(discount.id))
}

/** A discount as an invoice applies it: its id and the coupon it redeemed. */
export interface InvoiceDiscount {
  id: string
  coupon: Stripe.Coupon
}

/** discountInvoiceLines for discounts given with their coupons (a preview's are not stored); answers the ids that took something. */
export function takeDiscountsOffInvoice(invoice: Stripe.Invoice, discounts: InvoiceDiscount[]): string[] {
  const lines = invoice.lines.data
  const stacked = stackCoupons(
    discounts.map((discount) => discount.coupon),
    invoice.currency,
    lines.map((line) => ({ amount: line.discountable ? Math.max(0, line.amount) : 0, product: lineProduct(line) })),
  )
  for (const line of lines) {
    // A proration keeps the discounts its amount is already net of (listed with amount 0).
    if (!line.discountable) continue
    line.discount_amounts = []
    line.discounts = []
  }
  const totals: Stripe.Invoice.TotalDiscountAmount[] = []
  const applied = discounts.filter((discount, k) => {
    const amounts = stacked[k] ?? []
    const sum = amounts.reduce((a, b) => a + b, 0)
    if (sum === 0) return false
    amounts.forEach((amount, i) => {
      const line = lines[i]
      if (!line || amount === 0) return
      line.discount_amounts = [...(line.discount_amounts ?? []), { amount, discount: discount.id }]
      line.discounts = [...line.discounts, discount.id]
    })
    totals.push({ amount: sum, discount: discount.id })
    return true
  })
  const discounted = totals.reduce((sum, t) => sum + t.amount, 0)
  invoice.discounts = discounts.map((discount) => discount.id)
  invoice.total_discount_amounts = totals
  invoice.total = invoice.subtotal - discounted
  invoice.total_excluding_tax = invoice.total
  invoice.amount_due = Math.max(0, invoice.total)
  invoice.amount_remaining = invoice.amount_due
  return applied.map((discount) => discount.id)
}

function lineProduct(line: Stripe.InvoiceLineItem): string | null {
  const product = line.pricing?.price_details?.product
  return typeof product === 'string' ? product : null
}
