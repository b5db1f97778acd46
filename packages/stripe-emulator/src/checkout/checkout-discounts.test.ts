import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formWithButton, submitForm, textOf } from '../pages/portal-test-forms.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator({ settings: { businessName: 'Acme' } })
})
afterAll(() => kit.close())

const card = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123' }

/** A $20/month "Pro" price. */
async function proMonthly(): Promise<Stripe.Price> {
  return kit.stripe.prices.create({
    currency: 'usd',
    unit_amount: 2000,
    recurring: { interval: 'month' },
    product_data: { name: 'Pro' },
  })
}

async function openSession(params: Partial<Stripe.Checkout.SessionCreateParams>, email: string) {
  const price = await proMonthly()
  return kit.stripe.checkout.sessions.create({
    mode: 'subscription',
    customer_email: email,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'https://example.com/welcome',
    ...params,
  })
}

describe('given a Checkout Session created with a coupon in discounts', () => {
  it('shows the discount in its totals and on the page, and the subscription it starts carries it', async () => {
    const coupon = await kit.stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'forever' })
    const session = await openSession({ discounts: [{ coupon: coupon.id }] }, 'checkout-coupon@example.com')
    expect(session).toMatchObject({
      discounts: [{ coupon: coupon.id, promotion_code: null }],
      amount_subtotal: 2000,
      amount_total: 1500,
      total_details: { amount_discount: 500 },
    })
    const lineItems = await kit.stripe.checkout.sessions.listLineItems(session.id)
    expect(lineItems.data[0]).toMatchObject({ amount_subtotal: 2000, amount_discount: 500, amount_total: 1500 })
    expect((await kit.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(0)

    const html = await (await fetch(session.url as string)).text()
    expect(textOf(html)).toContain('−$5.00')
    expect(textOf(html)).toContain('Total due today $15.00')
    expect(html).not.toContain('Promotion code')
    await submitForm(kit.url, formWithButton(html, 'Pay and subscribe'), card)

    const done = await kit.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['subscription.latest_invoice', 'subscription.discounts'],
    })
    const subscription = done.subscription as Stripe.Subscription
    expect((subscription.discounts[0] as Stripe.Discount).source.coupon).toBe(coupon.id)
    expect(subscription.latest_invoice).toMatchObject({ subtotal: 2000, total: 1500, amount_paid: 1500 })
    expect((await kit.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1)
    await kit.webhooksIdle()
    const completed = kit
      .deliveredEvents('checkout.session.completed')
      .find((e) => (e.data.object as Stripe.Checkout.Session).id === session.id)
    expect(completed?.data.object).toMatchObject({ amount_total: 1500, total_details: { amount_discount: 500 } })
  })

  it('refuses discounts with allow_promotion_codes, more than one discount, and a used-up coupon', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 10, max_redemptions: 1 })
    const other = await kit.stripe.coupons.create({ percent_off: 20 })
    const both = await openSession(
      { discounts: [{ coupon: coupon.id }], allow_promotion_codes: true },
      'exclusive@example.com',
    ).catch((e: unknown) => e)
    expect(both).toMatchObject({ statusCode: 400, code: 'parameters_exclusive' })
    const two = await openSession(
      { discounts: [{ coupon: coupon.id }, { coupon: other.id }] },
      'two@example.com',
    ).catch((e: unknown) => e)
    expect(two).toMatchObject({ statusCode: 400, param: 'discounts' })
    const customer = await kit.stripe.customers.create({ email: 'used-up@example.com' })
    await kit.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const price = await proMonthly()
    await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: 'pm_card_visa',
      discounts: [{ coupon: coupon.id }],
    })
    const usedUp = await openSession({ discounts: [{ coupon: coupon.id }] }, 'late@example.com').catch(
      (e: unknown) => e,
    )
    expect(usedUp).toMatchObject({ statusCode: 400, code: 'coupon_expired' })
  })
})

describe('given a Checkout Session with allow_promotion_codes', () => {
  it('takes a promotion code on the hosted page, refuses an unknown one, and redeems it for the subscription', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 25, duration: 'repeating', duration_in_months: 3 })
    const code = await kit.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'SPRING25',
    })
    const session = await openSession({ allow_promotion_codes: true }, 'promo-page@example.com')
    const html = await (await fetch(session.url as string)).text()
    expect(html).toMatch(/<label for="promotion_code">Promotion code<\/label>/)

    const wrong = await submitForm(kit.url, formWithButton(html, 'Apply'), { promotion_code: 'WINTER' })
    expect(wrong.status).toBe(400)
    expect(textOf(await wrong.text())).toContain('This code is invalid.')

    const applied = await submitForm(kit.url, formWithButton(html, 'Apply'), { promotion_code: 'spring25' })
    expect(applied.status).toBe(303)
    expect(await kit.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      discounts: [{ coupon: coupon.id, promotion_code: code.id }],
      amount_total: 1500,
      total_details: { amount_discount: 500 },
    })
    const withCode = await (await fetch(session.url as string)).text()
    expect(textOf(withCode)).toContain('SPRING25 25% off for 3 months −$5.00')
    expect(textOf(withCode)).toContain('Total due today $15.00')

    await submitForm(kit.url, formWithButton(withCode, 'Pay and subscribe'), card)
    const done = await kit.stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription.discounts'] })
    const subscription = done.subscription as Stripe.Subscription
    expect(subscription.discounts[0]).toMatchObject({ promotion_code: code.id, source: { coupon: coupon.id } })
    expect((await kit.stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1)
  })

  it('removes an applied code and shows the full price again', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 50 })
    await kit.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'HALF' })
    const session = await openSession({ allow_promotion_codes: true }, 'promo-remove@example.com')
    const html = await (await fetch(session.url as string)).text()
    await submitForm(kit.url, formWithButton(html, 'Apply'), { promotion_code: 'HALF' })
    const withCode = await (await fetch(session.url as string)).text()
    expect(textOf(withCode)).toContain('Total due today $10.00')
    await submitForm(kit.url, formWithButton(withCode, 'Remove'))
    const again = await (await fetch(session.url as string)).text()
    expect(textOf(again)).toContain('Total due today $20.00')
    expect(await kit.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ discounts: [], amount_total: 2000 })
  })
})
