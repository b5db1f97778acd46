import type Stripe from 'stripe'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/index.js'

let kit: TestEmulator | undefined
afterEach(async () => {
  await kit?.close()
  kit = undefined
})

async function trialEndingInTwoSeconds(stripe: Stripe) {
  const product = await stripe.products.create({ name: 'Pro' })
  const price = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 1000,
    recurring: { interval: 'month' },
  })
  const customer = await stripe.customers.create({ email: 'realtime@example.com' })
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
  return stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    default_payment_method: card.id,
    trial_end: Math.floor(Date.now() / 1000) + 2,
  })
}

describe('given a subscription that is not on a test clock', () => {
  it('ends its trial and charges the first period in real time when the scheduler is on', async () => {
    // No finalization grace period, so the invoice is charged at the trial's end, not an hour of real time later.
    kit = await startTestEmulator({ scheduler: { intervalMs: 100 }, settings: { invoiceFinalizationGraceHours: 0 } })
    const subscription = await trialEndingInTwoSeconds(kit.stripe)
    expect(subscription.status).toBe('trialing')
    await vi.waitFor(
      async () => {
        const now = await kit!.stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
        expect(now.status).toBe('active')
        expect(now.latest_invoice).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid' })
      },
      { timeout: 6000, interval: 200 },
    )
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('invoice.paid').map((e) => (e.data.object as Stripe.Invoice).billing_reason)).toContain(
      'subscription_cycle',
    )
  }, 10_000)

  it('leaves it alone in tests unless asked: the test kit starts with the scheduler off', async () => {
    kit = await startTestEmulator()
    const subscription = await trialEndingInTwoSeconds(kit.stripe)
    await new Promise((resolve) => setTimeout(resolve, 3000))
    expect((await kit.stripe.subscriptions.retrieve(subscription.id)).status).toBe('trialing')
  })
})
