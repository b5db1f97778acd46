import { createStripeClient } from '@portal-kit/server'
import type Stripe from 'stripe'

export interface Plan {
  priceId: string
  /** "Pro monthly": the product and how often it bills. */
  label: string
  productName: string
  /** "$29.00 / month" */
  price: string
  amount: number
}

const cadence: Record<string, string> = { day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' }

/** The active recurring prices of the Stripe account, cheapest first. */
export async function listPlans(stripe: Stripe = createStripeClient()): Promise<Plan[]> {
  const prices = await stripe.prices.list({ active: true, type: 'recurring', expand: ['data.product'], limit: 100 })
  return prices.data
    .filter((price) => typeof price.product === 'object' && !('deleted' in price.product && price.product.deleted))
    .map((price) => {
      const product = price.product as Stripe.Product
      const interval = price.recurring?.interval ?? 'month'
      const amount = price.unit_amount ?? 0
      const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: price.currency }).format(amount / 100)
      return {
        priceId: price.id,
        label: `${product.name} ${cadence[interval] ?? interval}`,
        productName: product.name,
        price: `${money} / ${interval}`,
        amount,
      }
    })
    .sort((a, b) => a.amount - b.amount)
}
