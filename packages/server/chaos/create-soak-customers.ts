import type Stripe from 'stripe'
import type { SoakCustomer } from './billing-operations.js'

const setupConcurrency = 8

/**
 * A product with three monthly prices (cheapest first), and `count` customers, each linked to an
 * account by `metadata.accountId`, on a test clock of its own, paying with a Visa card for one
 * subscription, as the app's Checkout would leave them.
 */
export async function createSoakCustomers(
  stripe: Stripe,
  options: { count: number; clockStart: number; label: string },
): Promise<{ customers: SoakCustomer[]; prices: string[] }> {
  const product = await stripe.products.create({ name: 'Chaos plan' })
  const prices: string[] = []
  for (const amount of [900, 2900, 9900]) {
    const price = await stripe.prices.create({
      product: product.id,
      unit_amount: amount,
      currency: 'usd',
      recurring: { interval: 'month' },
    })
    prices.push(price.id)
  }
  const customers: SoakCustomer[] = []
  let next = 0
  const worker = async () => {
    while (next < options.count) {
      const index = next++
      const accountId = `acct_chaos_${options.label}_${index}`
      const clock = await stripe.testHelpers.testClocks.create({ frozen_time: options.clockStart })
      const customer = await stripe.customers.create({
        email: `${accountId}@example.com`,
        metadata: { accountId },
        test_clock: clock.id,
        payment_method: 'pm_card_visa',
        invoice_settings: { default_payment_method: 'pm_card_visa' },
      })
      await stripe.subscriptions.create({ customer: customer.id, items: [{ price: prices[index % 3] as string }] })
      customers[index] = { accountId, customerId: customer.id, clockId: clock.id, clockTime: clock.frozen_time }
    }
  }
  await Promise.all(Array.from({ length: setupConcurrency }, worker))
  return { customers, prices }
}
