import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payOnCheckoutPage, textOf } from '../pages/portal-test-forms.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator({ settings: { businessName: 'Acme' } })
})
afterAll(() => kit.close())

/** A Checkout Session for €15.00 a month with a one-time €50.00 onboarding fee. */
async function sessionWithSetupFee(subscriptionData: Stripe.Checkout.SessionCreateParams.SubscriptionData = {}) {
  const monthly = await kit.stripe.prices.create({
    currency: 'eur',
    unit_amount: 1500,
    recurring: { interval: 'month' },
    product_data: { name: 'Team' },
  })
  const fee = await kit.stripe.prices.create({
    currency: 'eur',
    unit_amount: 5000,
    product_data: { name: 'Onboarding' },
  })
  const session = await kit.stripe.checkout.sessions.create({
    mode: 'subscription',
    customer_email: 'fee@example.com',
    line_items: [
      { price: monthly.id, quantity: 1 },
      { price: fee.id, quantity: 1 },
    ],
    success_url: 'https://example.com/welcome',
    subscription_data: subscriptionData,
  })
  return { session, monthly, fee }
}

async function pay(session: Stripe.Checkout.Session, button: string) {
  await payOnCheckoutPage(kit.url, session.url as string, button)
  return kit.stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription.latest_invoice'] })
}

describe('a Checkout Session in subscription mode with a one-time price', () => {
  it('charges it once with the first period, and subscribes only to the recurring price', async () => {
    const { session, monthly } = await sessionWithSetupFee()
    expect(session).toMatchObject({ amount_subtotal: 6500, amount_total: 6500 })
    const page = textOf(await (await fetch(session.url as string)).text())
    expect(page).toContain('Onboarding €50.00')
    expect(page).toContain('Total due today €65.00')

    const done = await pay(session, 'Pay and subscribe')
    const subscription = done.subscription as Stripe.Subscription
    expect(subscription.status).toBe('active')
    expect(subscription.items.data.map((item) => item.price.id)).toEqual([monthly.id])
    const invoice = subscription.latest_invoice as Stripe.Invoice
    expect(invoice).toMatchObject({ status: 'paid', total: 6500 })
    expect(invoice.lines.data.map((line) => [line.description, line.amount])).toEqual([
      ['1 × Team (at €15.00 / month)', 1500],
      ['Onboarding', 5000],
    ])
  })

  it('charges it today even in a trial, then starts the trial', async () => {
    const { session } = await sessionWithSetupFee({ trial_period_days: 14 })
    expect(session.amount_total).toBe(5000)
    const page = textOf(await (await fetch(session.url as string)).text())
    expect(page).toContain('14 days free, then €15.00 per month.')
    expect(page).toContain('Total due today €50.00')

    const done = await pay(session, 'Start trial')
    expect(done.payment_status).toBe('paid')
    expect(done.subscription).toMatchObject({ status: 'trialing' })
    expect((done.subscription as Stripe.Subscription).latest_invoice).toMatchObject({ total: 5000, status: 'paid' })
  })
})
