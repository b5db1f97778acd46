import type Stripe from 'stripe'
import { recurringPrice } from '../testing/recurring-price.js'

export interface PortalTestPlans {
  pro: Stripe.Product
  plus: Stripe.Product
  basic: Stripe.Product
  /** Pro at $50 a month and $500 a year, Plus at $80 and Basic at $20 a month. */
  proMonthly: Stripe.Price
  proYearly: Stripe.Price
  plusMonthly: Stripe.Price
  basicMonthly: Stripe.Price
  /** The three products with their prices, as a portal configuration's `subscription_update.products`. */
  products: { product: string; prices: string[] }[]
}

/** The plans the portal's switch-plan tests move between, made through the SDK. */
export async function portalTestPlans(stripe: Stripe): Promise<PortalTestPlans> {
  const [pro, plus, basic] = await Promise.all(['Pro', 'Plus', 'Basic'].map((name) => stripe.products.create({ name })))
  if (!pro || !plus || !basic) throw new Error('products were not created')
  const proMonthly = await recurringPrice(stripe, pro.id, 5000)
  const proYearly = await recurringPrice(stripe, pro.id, 50000, 'year')
  const plusMonthly = await recurringPrice(stripe, plus.id, 8000)
  const basicMonthly = await recurringPrice(stripe, basic.id, 2000)
  const products = [
    { product: pro.id, prices: [proMonthly.id, proYearly.id] },
    { product: plus.id, prices: [plusMonthly.id] },
    { product: basic.id, prices: [basicMonthly.id] },
  ]
  return { pro, plus, basic, proMonthly, proYearly, plusMonthly, basicMonthly, products }
}
