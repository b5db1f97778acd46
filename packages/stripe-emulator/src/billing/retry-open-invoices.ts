import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import type { StoredInvoice } from './create-invoice.js'
import { payInvoice } from './pay-invoice.js'
import { subscriptionOfInvoice } from './subscription-of-invoice.js'

/**
 * Pays the customer's open invoices, oldest first, with its current default card (after the customer fixed its
 * payment method). Invoices of ended subscriptions are left alone. A paid invoice brings its past_due, unpaid or
 * incomplete subscription back to `active`.
 */
export function retryOpenInvoices(emulator: Emulator, customerId: string): void {
  const customer = requireCustomer(emulator, customerId, 'customer')
  const defaultCard = customer.invoice_settings?.default_payment_method
  const open = emulator.state
    .listWhere<StoredInvoice>('invoice', 'customer', customer.id, (i) => i.status === 'open')
    .reverse()
  for (const invoice of open) {
    const subscription = subscriptionOfInvoice(emulator, invoice)
    if (subscription && ['canceled', 'incomplete_expired'].includes(subscription.status)) continue
    // An invoice sent for payment is the customer's to pay; a new card does not pay it.
    if (invoice.collection_method === 'send_invoice') continue
    payInvoice(emulator, invoice, {
      paymentMethod: typeof defaultCard === 'string' ? defaultCard : null,
      automatic: false,
    })
  }
}
