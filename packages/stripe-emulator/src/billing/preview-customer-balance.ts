import type Stripe from 'stripe'
import type { StoredCustomer } from '../customers/customer.js'

/** Applies the customer's credit balance to a previewed invoice, as finalization will (the balance itself unchanged). */
export function previewCustomerBalance(invoice: Stripe.Invoice, customer: StoredCustomer): void {
  const balance = customer.balance ?? 0
  invoice.starting_balance = balance
  invoice.amount_due = Math.max(0, invoice.total + balance)
  invoice.amount_remaining = invoice.amount_due
}
