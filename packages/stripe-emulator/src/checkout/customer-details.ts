import type Stripe from 'stripe'
import type { StoredCustomer } from '../customers/customer.js'

/** A completed session's `customer_details`, from the customer it ended with. */
export function customerDetails(customer: StoredCustomer): Stripe.Checkout.Session.CustomerDetails {
  return {
    address: null,
    business_name: null,
    email: customer.email,
    individual_name: null,
    name: customer.name ?? null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  }
}
