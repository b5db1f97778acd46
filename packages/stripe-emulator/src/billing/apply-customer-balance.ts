import type Stripe from 'stripe'

/**
 * The customer's credit balance (negative) or debt (positive) applied to an invoice's total, as finalization and
 * previews apply it: sets what is due and answers the balance left afterwards (never positive).
 */
export function applyCustomerBalance(invoice: Stripe.Invoice, balance: number): number {
  const afterBalance = invoice.total + balance
  invoice.starting_balance = balance
  invoice.amount_due = Math.max(0, afterBalance)
  invoice.amount_remaining = invoice.amount_due
  return Math.min(afterBalance, 0)
}
