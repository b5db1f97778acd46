import type Stripe from 'stripe'

/** The Stripe customer an event is about, whatever the object type. */
export function eventCustomerId(event: Stripe.Event): string | null {
  const object = event.data.object as { object?: string; id?: string; customer?: string | { id: string } | null }
  if (object.object === 'customer') return object.id ?? null
  const customer = object.customer
  if (!customer) return null
  return typeof customer === 'string' ? customer : customer.id
}

/** The subscription an invoice belongs to, on current and older API versions. */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  const current = invoice.parent?.subscription_details?.subscription
  const legacy = (invoice as unknown as { subscription?: string | { id: string } | null }).subscription
  const value = current ?? legacy ?? null
  if (!value) return null
  return typeof value === 'string' ? value : value.id
}
