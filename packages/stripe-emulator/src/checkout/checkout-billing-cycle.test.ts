import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payOnCheckoutPage, textOf } from '../pages/portal-test-forms.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator({ settings: { businessName: 'Acme' } })
})
afterAll(() => kit.close())

const day = 86_400
/** 2030-01-20T09:30:00Z on the customer's test clock, so nothing moves between opening the session and paying. */
const jan20 = Date.UTC(2030, 0, 20, 9, 30) / 1000
const feb1 = Date.UTC(2030, 1, 1) / 1000
/** The share of January (31 days) from Jan 20 09:30 to the anchor. */
const share = (feb1 - jan20) / (31 * day)

async function sessionAnchoredToFeb1(
  subscriptionData: Stripe.Checkout.SessionCreateParams.SubscriptionData = {},
  more: Partial<Stripe.Checkout.SessionCreateParams> = {},
) {
  const clock = await kit.stripe.testHelpers.testClocks.create({ frozen_time: jan20 })
  const customer = await kit.stripe.customers.create({ email: 'anchor@example.com', test_clock: clock.id })
  const price = await kit.stripe.prices.create({
    currency: 'eur',
    unit_amount: 1500,
    recurring: { interval: 'month' },
    product_data: { name: 'Team' },
  })
  return kit.stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 2 }],
    success_url: 'https://example.com/welcome',
    subscription_data: { billing_cycle_anchor: feb1, ...subscriptionData },
    ...more,
  })
}

async function pay(session: Stripe.Checkout.Session, button: string) {
  await payOnCheckoutPage(kit.url, session.url as string, button)
  return kit.stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription.latest_invoice'] })
}

describe('a Checkout Session with subscription_data[billing_cycle_anchor]', () => {
  it('charges the stretch to the anchor today, says so, and starts a subscription billed from the anchor', async () => {
    const session = await sessionAnchoredToFeb1()
    const dueToday = Math.round(3000 * share)
    expect(session).toMatchObject({ amount_subtotal: dueToday, amount_total: dueToday })
    const page = textOf(await (await fetch(session.url as string)).text())
    expect(page).toContain('Prorated until February 1, 2030, then €30.00 per month from that date.')
    expect(page).toContain(`Total due today €${(dueToday / 100).toFixed(2)}`)

    const done = await pay(session, 'Pay and subscribe')
    const subscription = done.subscription as Stripe.Subscription
    expect(done.payment_status).toBe('paid')
    expect(subscription).toMatchObject({ status: 'active', billing_cycle_anchor: feb1 })
    expect(subscription.items.data[0]).toMatchObject({ current_period_start: jan20, current_period_end: feb1 })
    expect(subscription.latest_invoice).toMatchObject({ total: dueToday, status: 'paid' })
  })

  it('charges nothing today with proration_behavior=none', async () => {
    const session = await sessionAnchoredToFeb1({ proration_behavior: 'none' })
    expect(session.amount_total).toBe(0)
    const page = textOf(await (await fetch(session.url as string)).text())
    expect(page).toContain('Free until February 1, 2030, then €30.00 per month.')

    const done = await pay(session, 'Pay and subscribe')
    expect(done.payment_status).toBe('no_payment_required')
    expect(done.subscription).toMatchObject({ status: 'active', billing_cycle_anchor: feb1 })
    expect((done.subscription as Stripe.Subscription).latest_invoice).toMatchObject({ total: 0 })
  })

  it('takes a coupon off the stretch, and the first invoice bills what the page showed', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 50, duration: 'once' })
    const session = await sessionAnchoredToFeb1({}, { discounts: [{ coupon: coupon.id }] })
    const prorated = Math.round(3000 * share)
    expect(session.amount_total).toBe(prorated - Math.round(prorated / 2))
    const done = await pay(session, 'Pay and subscribe')
    expect((done.subscription as Stripe.Subscription).latest_invoice).toMatchObject({ total: session.amount_total })
  })

  it('after a trial, charges nothing today and bills the stretch when the trial ends', async () => {
    const session = await sessionAnchoredToFeb1({ trial_period_days: 7 })
    expect(session.amount_total).toBe(0)
    const done = await pay(session, 'Start trial')
    expect(done.subscription).toMatchObject({
      status: 'trialing',
      billing_cycle_anchor: feb1,
      trial_end: jan20 + 7 * day,
    })
  })

  it("bills on the customer's clock but keeps the session's own times on real time", async () => {
    const session = await sessionAnchoredToFeb1()
    const realNow = Math.floor(Date.now() / 1000)
    expect(Math.abs(session.created - realNow)).toBeLessThan(60)
    expect(Math.abs(session.expires_at - (realNow + day))).toBeLessThan(60)
  })

  it("refuses an anchor subscriptions.create would refuse, naming Checkout's parameter", async () => {
    const error = await sessionAnchoredToFeb1({ billing_cycle_anchor: jan20 + 40 * day })
      .then(() => null)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(error).toMatchObject({
      param: 'subscription_data[billing_cycle_anchor]',
      message: expect.stringContaining('cannot be later than next natural billing date'),
    })
  })
})
