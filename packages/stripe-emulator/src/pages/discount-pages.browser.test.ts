import { launchChromium } from '@portal-kit/test-browser'
import type { Browser } from 'playwright-core'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'

let kit: TestEmulator
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
  kit = await startTestEmulator({ settings: { businessName: 'Acme' } })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await kit?.close()
})

describe('discounts on hosted pages in a real browser', () => {
  it('offers the retention coupon in the cancel flow; accepting keeps the subscription with the discount', async () => {
    const { stripe } = kit
    const { customer, subscription } = await subscribedCustomer(stripe, 'browser-retention@example.com')
    const coupon = await stripe.coupons.create({ percent_off: 30, duration: 'repeating', duration_in_months: 2 })
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://example.com/account',
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: {
          subscription: subscription.id,
          retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } },
        },
        after_completion: { type: 'hosted_confirmation' },
      },
    })
    const page = await browser.newPage()
    await page.goto(session.url)
    await page.getByText('Stay with us and get 30% off for 2 months.').waitFor()
    await expect(page.getByRole('button', { name: 'Confirm cancellation' }).count()).resolves.toBe(0)
    await page.getByRole('button', { name: 'Accept offer' }).click()
    await page.getByRole('heading', { level: 1, name: 'Offer accepted' }).waitFor()
    await page.close()

    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] })
    expect(after).toMatchObject({ status: 'active', cancel_at_period_end: false })
    expect((after.discounts[0] as Stripe.Discount).source.coupon).toBe(coupon.id)
    await kit.webhooksIdle()
    expect(
      kit.deliveredEvents('customer.discount.created').map((e) => (e.data.object as Stripe.Discount).subscription),
    ).toContain(subscription.id)
  }, 30_000)

  it('declining the offer leads to the cancel confirmation', async () => {
    const { stripe } = kit
    const { customer, subscription } = await subscribedCustomer(stripe, 'browser-decline@example.com')
    const coupon = await stripe.coupons.create({ percent_off: 10 })
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: {
          subscription: subscription.id,
          retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } },
        },
      },
    })
    const page = await browser.newPage()
    await page.goto(session.url)
    await page.getByRole('button', { name: 'No thanks, continue to cancel' }).click()
    await page.getByRole('button', { name: 'Confirm cancellation' }).click()
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor()
    await page.close()
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true)
  }, 30_000)

  it('applies a promotion code on the Checkout page and charges the reduced total', async () => {
    const { stripe } = kit
    const coupon = await stripe.coupons.create({ amount_off: 700, currency: 'usd', duration: 'once' })
    await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'FIRST7' })
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 2000,
      recurring: { interval: 'month' },
      product_data: { name: 'Pro' },
    })
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'browser-promo@example.com',
      line_items: [{ price: price.id, quantity: 1 }],
      allow_promotion_codes: true,
      success_url: 'https://example.com/welcome',
    })
    const page = await browser.newPage()
    await page.goto(session.url as string)
    await page.getByLabel('Promotion code').fill('nope')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByRole('alert').filter({ hasText: 'This code is invalid.' }).waitFor()
    await page.getByLabel('Promotion code').fill('first7')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByText('−$7.00').waitFor()
    await page.getByText('$13.00').waitFor()
    await page.getByLabel('Card number').fill('4242 4242 4242 4242')
    await page.getByLabel('Expiration date').fill('12 / 34')
    await page.getByLabel('Security code (CVC)').fill('123')
    await page.route('https://example.com/**', (route) => route.fulfill({ status: 200, body: 'welcome' }))
    await page.getByRole('button', { name: 'Pay and subscribe' }).click()
    await page.waitForURL('https://example.com/welcome')
    await page.close()

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription.latest_invoice'] })
    const invoice = (done.subscription as Stripe.Subscription).latest_invoice as Stripe.Invoice
    expect(invoice).toMatchObject({ subtotal: 2000, total: 1300, amount_paid: 1300 })
  }, 30_000)
})
