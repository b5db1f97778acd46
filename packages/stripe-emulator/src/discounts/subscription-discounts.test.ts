import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

/** 2030-01-01T00:00:00Z, and the first of each following month. */
const jan = 1_893_456_000
const feb = Date.UTC(2030, 1, 1) / 1000
const mar = Date.UTC(2030, 2, 1) / 1000
const apr = Date.UTC(2030, 3, 1) / 1000

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())

/** A customer on a test clock at 2030-01-01 paying by Visa, and a $25/month price. */
async function customerOnClock(email: string) {
  const { stripe } = kit
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: jan })
  const customer = await stripe.customers.create({ email, test_clock: clock.id })
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
  const price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 2500,
    recurring: { interval: 'month' },
    product_data: { name: 'Pro' },
  })
  return { clock, customer, price }
}

/** The subscription's invoices, oldest first, with what each charged. */
async function invoiceTotals(
  subscriptionId: string,
): Promise<Array<{ subtotal: number; total: number; paid: number }>> {
  const invoices = await kit.stripe.invoices.list({ subscription: subscriptionId, limit: 100 })
  return invoices.data.reverse().map((i) => ({ subtotal: i.subtotal, total: i.total, paid: i.amount_paid }))
}

function deliveredFor(type: string, subscriptionId: string): Stripe.Discount[] {
  return kit
    .deliveredEvents(type)
    .map((e) => e.data.object as Stripe.Discount)
    .filter((d) => d.subscription === subscriptionId)
}

describe('given a subscription created with a coupon', () => {
  it('applies a forever percent-off to every invoice, per line and in total, and counts the redemption', async () => {
    const { customer, clock, price } = await customerOnClock('forever@example.com')
    const coupon = await kit.stripe.coupons.create({ percent_off: 20, duration: 'forever' })
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 2 }],
      discounts: [{ coupon: coupon.id }],
      expand: ['latest_invoice'],
    })
    const [discountId] = subscription.discounts as string[]
    expect(discountId).toMatch(/^di_/)
    const invoice = subscription.latest_invoice as Stripe.Invoice
    expect(invoice).toMatchObject({
      subtotal: 5000,
      total: 4000,
      amount_due: 4000,
      amount_paid: 4000,
      discounts: [discountId],
      total_discount_amounts: [{ amount: 1000, discount: discountId }],
    })
    expect(invoice.lines.data[0]?.discount_amounts).toEqual([{ amount: 1000, discount: discountId }])
    const expanded = await kit.stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] })
    expect(expanded.discounts[0]).toMatchObject({
      object: 'discount',
      customer: customer.id,
      subscription: subscription.id,
      source: { type: 'coupon', coupon: coupon.id },
      promotion_code: null,
      start: jan,
      end: null,
    })
    expect(await kit.stripe.coupons.retrieve(coupon.id)).toMatchObject({ times_redeemed: 1, valid: true })
    await kit.webhooksIdle()
    expect(deliveredFor('customer.discount.created', subscription.id).map((d) => d.id)).toEqual([discountId])

    await kit.advanceClock(clock.id, feb + 3600)
    await kit.advanceClock(clock.id, mar + 3600)
    expect(await invoiceTotals(subscription.id)).toEqual([
      { subtotal: 5000, total: 4000, paid: 4000 },
      { subtotal: 5000, total: 4000, paid: 4000 },
      { subtotal: 5000, total: 4000, paid: 4000 },
    ])
  })

  it('applies a once coupon to the first invoice only, then ends the discount at the renewal', async () => {
    const { customer, clock, price } = await customerOnClock('once@example.com')
    const coupon = await kit.stripe.coupons.create({ amount_off: 1000, currency: 'usd', duration: 'once' })
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: coupon.id }],
    })
    await kit.advanceClock(clock.id, feb + 3600)
    expect(await invoiceTotals(subscription.id)).toEqual([
      { subtotal: 2500, total: 1500, paid: 1500 },
      { subtotal: 2500, total: 2500, paid: 2500 },
    ])
    expect((await kit.stripe.subscriptions.retrieve(subscription.id)).discounts).toEqual([])
    expect(deliveredFor('customer.discount.deleted', subscription.id).map((d) => d.id)).toEqual(subscription.discounts)
    const updated = kit
      .deliveredEvents('customer.subscription.updated')
      .filter((e) => (e.data.object as Stripe.Subscription).id === subscription.id)
      .at(-1)
    expect(updated?.data.previous_attributes).toMatchObject({ discounts: subscription.discounts })
  })

  it('applies a repeating coupon for its months across renewals on the test clock, then stops', async () => {
    const { customer, clock, price } = await customerOnClock('repeating@example.com')
    const coupon = await kit.stripe.coupons.create({ percent_off: 50, duration: 'repeating', duration_in_months: 2 })
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: coupon.id }],
      expand: ['discounts'],
    })
    expect((subscription.discounts[0] as Stripe.Discount).end).toBe(mar)
    await kit.advanceClock(clock.id, feb + 3600)
    await kit.advanceClock(clock.id, mar + 3600)
    await kit.advanceClock(clock.id, apr + 3600)
    expect((await invoiceTotals(subscription.id)).map((i) => i.total)).toEqual([1250, 1250, 2500, 2500])
    expect(deliveredFor('customer.discount.deleted', subscription.id)).toHaveLength(1)
  })

  it('takes an amount off only the lines of the products it applies to', async () => {
    const { customer, price } = await customerOnClock('applies-to@example.com')
    const addon = await kit.stripe.prices.create({
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
      product_data: { name: 'Add-on' },
    })
    const coupon = await kit.stripe.coupons.create({
      amount_off: 4000,
      currency: 'usd',
      duration: 'forever',
      applies_to: { products: [addon.product as string] },
    })
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }, { price: addon.id }],
      discounts: [{ coupon: coupon.id }],
      expand: ['latest_invoice'],
    })
    const invoice = subscription.latest_invoice as Stripe.Invoice
    // The add-on line is $10, so a $40 coupon on it takes $10 and leaves the Pro line whole.
    expect(invoice).toMatchObject({ subtotal: 3500, total: 2500 })
    expect(invoice.lines.data.map((line) => line.discount_amounts?.map((d) => d.amount) ?? [])).toEqual([[], [1000]])
  })
})

describe('given a 100% off coupon', () => {
  it('starts the subscription active with a $0 paid invoice, even without a payment method', async () => {
    const { stripe } = kit
    const customer = await stripe.customers.create({ email: 'free@example.com' })
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 2500,
      recurring: { interval: 'month' },
      product_data: { name: 'Pro' },
    })
    const coupon = await stripe.coupons.create({ percent_off: 100, duration: 'forever' })
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: coupon.id }],
      payment_behavior: 'error_if_incomplete',
      expand: ['latest_invoice'],
    })
    expect(subscription.status).toBe('active')
    expect(subscription.latest_invoice).toMatchObject({ subtotal: 2500, total: 0, amount_due: 0, status: 'paid' })
  })
})

describe('given coupons and promotion codes with limits', () => {
  it('refuses a coupon past max_redemptions with coupon_expired, and reports it no longer valid', async () => {
    const { customer, price } = await customerOnClock('max@example.com')
    const coupon = await kit.stripe.coupons.create({ percent_off: 10, max_redemptions: 1 })
    await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: coupon.id }],
    })
    expect(await kit.stripe.coupons.retrieve(coupon.id)).toMatchObject({ times_redeemed: 1, valid: false })
    const error = await kit.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, code: 'coupon_expired', param: 'discounts[0][coupon]' })
  })

  it('refuses a coupon after its redeem_by on the customer’s test clock', async () => {
    const { customer, clock, price } = await customerOnClock('redeem-by@example.com')
    const coupon = await kit.stripe.coupons.create({ percent_off: 10, redeem_by: Math.floor(Date.now() / 1000) + 60 })
    // The clock starts in 2030, long after redeem_by.
    expect(clock.frozen_time).toBe(jan)
    const error = await kit.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, code: 'coupon_expired' })
    expect((await kit.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(0)
  })

  it('redeems a promotion code on update, counts it, and refuses an inactive one or one for another customer', async () => {
    const { customer, price } = await customerOnClock('promo-update@example.com')
    const other = await kit.stripe.customers.create({ email: 'someone-else@example.com' })
    const coupon = await kit.stripe.coupons.create({ percent_off: 30, duration: 'forever' })
    const code = await kit.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } })
    const inactive = await kit.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      active: false,
    })
    const foreign = await kit.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      customer: other.id,
    })
    const subscription = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
    for (const refused of [inactive, foreign]) {
      const error = await kit.stripe.subscriptions
        .update(subscription.id, { discounts: [{ promotion_code: refused.id }] })
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ statusCode: 400, param: 'discounts[0][promotion_code]' })
    }
    const updated = await kit.stripe.subscriptions.update(subscription.id, {
      discounts: [{ promotion_code: code.id }],
      expand: ['discounts'],
    })
    expect(updated.discounts[0]).toMatchObject({ promotion_code: code.id, source: { coupon: coupon.id } })
    expect((await kit.stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1)
    expect((await kit.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1)
  })
})

describe('given promotion codes with restrictions', () => {
  it('takes a minimum_amount code only for an order of at least that amount', async () => {
    const { customer, price } = await customerOnClock('minimum@example.com')
    const coupon = await kit.stripe.coupons.create({ percent_off: 10, duration: 'forever' })
    const code = await kit.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      restrictions: { minimum_amount: 3000, minimum_amount_currency: 'usd' },
    })
    const small = await kit.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ promotion_code: code.id }] })
      .catch((e: unknown) => e)
    expect(small).toMatchObject({ statusCode: 400, param: 'discounts[0][promotion_code]' })
    const large = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 2 }],
      discounts: [{ promotion_code: code.id }],
    })
    expect(large.discounts).toHaveLength(1)
  })

  it('takes a first_time_transaction code from a new customer but not from one who has paid', async () => {
    const { customer, price } = await customerOnClock('first-time@example.com')
    const coupon = await kit.stripe.coupons.create({ percent_off: 10, duration: 'forever' })
    const code = await kit.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      restrictions: { first_time_transaction: true },
    })
    const first = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ promotion_code: code.id }],
    })
    expect(first.discounts).toHaveLength(1)
    const again = await kit.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ promotion_code: code.id }] })
      .catch((e: unknown) => e)
    expect(again).toMatchObject({ statusCode: 400, param: 'discounts[0][promotion_code]' })
  })
})

describe('given a subscription with a discount', () => {
  it('keeps it with { discount }, removes it with discounts="" and with DELETE /discount, sending customer.discount.deleted', async () => {
    const { customer, price } = await customerOnClock('remove@example.com')
    const first = await kit.stripe.coupons.create({ percent_off: 10, duration: 'forever' })
    const second = await kit.stripe.coupons.create({ percent_off: 15, duration: 'forever' })
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: first.id }],
    })
    const kept = subscription.discounts[0] as string
    const both = await kit.stripe.subscriptions.update(subscription.id, {
      discounts: [{ discount: kept }, { coupon: second.id }],
    })
    expect(both.discounts).toHaveLength(2)
    expect(both.discounts[0]).toBe(kept)
    const unchanged = await kit.stripe.subscriptions.update(subscription.id, { discounts: [] })
    expect(unchanged.discounts).toEqual(both.discounts)
    const cleared = await kit.stripe.subscriptions.update(subscription.id, { discounts: '' })
    expect(cleared.discounts).toEqual([])
    await kit.webhooksIdle()
    expect(
      deliveredFor('customer.discount.deleted', subscription.id)
        .map((d) => d.id)
        .sort(),
    ).toEqual([...(both.discounts as string[])].sort())

    await kit.stripe.subscriptions.update(subscription.id, { discounts: [{ coupon: first.id }] })
    const deleted = await kit.stripe.subscriptions.deleteDiscount(subscription.id)
    expect(deleted).toMatchObject({ object: 'discount', deleted: true, subscription: subscription.id })
    expect((await kit.stripe.subscriptions.retrieve(subscription.id)).discounts).toEqual([])
    const none = await kit.stripe.subscriptions.deleteDiscount(subscription.id).catch((e: unknown) => e)
    expect(none).toMatchObject({ statusCode: 404 })
    const customerDiscount = await kit.stripe.customers.deleteDiscount(customer.id).catch((e: unknown) => e)
    expect(customerDiscount).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })
})
