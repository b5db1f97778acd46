import type Stripe from 'stripe'
import { recurringPrice } from './recurring-price.js'

export interface SubscribedCustomer {
  product: Stripe.Product
  monthly: Stripe.Price
  yearly: Stripe.Price
  customer: Stripe.Customer
  subscription: Stripe.Subscription
}

/** A "Pro" product with monthly ($20) and yearly ($200) prices, and a customer paying monthly with a Visa card. */
export async function subscribedCustomer(stripe: Stripe, email: string): Promise<SubscribedCustomer> {
  const product = await stripe.products.create({ name: 'Pro' })
  const monthly = await recurringPrice(stripe, product.id, 2000)
  const yearly = await recurringPrice(stripe, product.id, 20000, 'year')
  const customer = await stripe.customers.create({ email })
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } })
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] })
  return { product, monthly, yearly, customer, subscription }
}
