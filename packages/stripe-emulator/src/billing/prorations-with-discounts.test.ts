import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { day, february, midJanuary, start } from '../pages/portal-test-dates.js'
import { portalTestPlans } from '../pages/portal-test-plans.js'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

const jan = start
const feb = february

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
beforeEach(() => kit.reset())
afterAll(() => kit.close())

/** Pro at $50, Plus at $80 and Basic at $20 a month; a Visa customer on a test clock subscribed to Pro with `discounts`. */
async function proSubscriber(discounts: (plans: Awaited<ReturnType<typeof portalTestPlans>>) => Promise<string[]>) {
  const { stripe } = kit
  const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: jan, email: 'prorate@example.com' })
  const plans = await portalTestPlans(stripe)
  const coupons = await discounts(plans)
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: plans.proMonthly.id }],
    discounts: coupons.map((coupon) => ({ coupon })),
  })
  return { clock, customer, subscription, ...plans }
}

/** Moves the subscription's only item to `price` halfway through January; answers the subscription and its latest invoice. */
async function changeMidJanuary(
  clock: string,
  subscription: Stripe.Subscription,
  price: string,
  prorationBehavior: 'always_invoice' | 'create_prorations',
) {
  await kit.advanceClock(clock, midJanuary)
  const updated = await kit.stripe.subscriptions.update(subscription.id, {
    items: [{ id: subscription.items.data[0]?.id, price }],
    proration_behavior: prorationBehavior,
    expand: ['latest_invoice'],
  })
  return { updated, invoice: updated.latest_invoice as Stripe.Invoice }
}

const lineAmounts = (invoice: Stripe.Invoice) => invoice.lines.data.map((line) => line.amount)

describe('given a 25% off forever coupon', () => {
  const quarterOff = () => kit.stripe.coupons.create({ percent_off: 25, duration: 'forever' }).then((c) => [c.id])

  it('charges the upgrade’s proration net of the discount', async () => {
    const { clock, subscription, plusMonthly } = await proSubscriber(quarterOff)
    const [discount] = subscription.discounts as string[]
    const { invoice } = await changeMidJanuary(clock.id, subscription, plusMonthly.id, 'always_invoice')
    // Half of Pro's $37.50 back, half of Plus's $60 charged.
    expect(lineAmounts(invoice)).toEqual([-1875, 3000])
    expect(invoice).toMatchObject({ subtotal: 1125, total: 1125, amount_due: 1125, amount_paid: 1125 })
    // `included` mode: the amounts are net; the discount is named with amount 0 and not counted again.
    expect(invoice.total_discount_amounts).toEqual([])
    for (const line of invoice.lines.data) expect(line.discount_amounts).toEqual([{ amount: 0, discount }])
    const items = await kit.stripe.invoiceItems.list({ invoice: invoice.id })
    for (const item of items.data) {
      expect(item).toMatchObject({ proration: true, discountable: false })
      expect(item.proration_details?.discount_amounts).toEqual([{ amount: 0, discount }])
    }
  })

  it('credits a downgrade net of the discount and bills the rest at the renewal', async () => {
    const { clock, customer, subscription, basicMonthly } = await proSubscriber(quarterOff)
    await changeMidJanuary(clock.id, subscription, basicMonthly.id, 'create_prorations')
    const pending = await kit.stripe.invoiceItems.list({ customer: customer.id, pending: true })
    expect(pending.data.map((item) => item.amount).sort((a, b) => a - b)).toEqual([-1875, 750])
    await kit.advanceClock(clock.id, feb + 3600)
    const [renewal] = (await kit.stripe.invoices.list({ customer: customer.id, limit: 1 })).data
    // Basic's $15 for February, less the net $11.25 of the prorations.
    expect(renewal).toMatchObject({ subtotal: 2000 - 1125, total: 1500 - 1125, amount_paid: 375 })
    expect(renewal?.total_discount_amounts).toEqual([{ amount: 500, discount: subscription.discounts[0] }])
  })
})

describe('given a $10 off forever coupon', () => {
  it('prorates each side from its discounted price', async () => {
    const { clock, subscription, plusMonthly } = await proSubscriber(() =>
      kit.stripe.coupons.create({ amount_off: 1000, currency: 'usd', duration: 'forever' }).then((c) => [c.id]),
    )
    const { invoice } = await changeMidJanuary(clock.id, subscription, plusMonthly.id, 'always_invoice')
    // Half of Pro's $40 back, half of Plus's $70 charged.
    expect(lineAmounts(invoice)).toEqual([-2000, 3500])
    expect(invoice.amount_paid).toBe(1500)
  })
})

describe('given a 25% off coupon that applies only to Plus', () => {
  it('discounts only the proration of Plus, not the credit for Pro', async () => {
    const { clock, subscription, plusMonthly } = await proSubscriber(({ plus }) =>
      kit.stripe.coupons
        .create({ percent_off: 25, duration: 'forever', applies_to: { products: [plus.id] } })
        .then((c) => [c.id]),
    )
    const { invoice } = await changeMidJanuary(clock.id, subscription, plusMonthly.id, 'always_invoice')
    expect(lineAmounts(invoice)).toEqual([-2500, 3000])
    expect(invoice.lines.data[0]?.discount_amounts).toEqual([])
    expect(invoice.amount_paid).toBe(500)
  })
})

describe('given a 50% off once coupon', () => {
  const halfOffOnce = () => kit.stripe.coupons.create({ percent_off: 50, duration: 'once' }).then((c) => [c.id])

  it('credits the unused time at what was paid, but charges the new price in full (the coupon is used)', async () => {
    const { clock, subscription, plusMonthly } = await proSubscriber(halfOffOnce)
    const { invoice } = await changeMidJanuary(clock.id, subscription, plusMonthly.id, 'always_invoice')
    expect(lineAmounts(invoice)).toEqual([-1250, 4000])
    expect(invoice.amount_paid).toBe(2750)
  })

  it('prorates without it once the renewal has ended it', async () => {
    const { clock, subscription, plusMonthly } = await proSubscriber(halfOffOnce)
    await kit.advanceClock(clock.id, feb + 3600)
    // Halfway through February (28 days).
    await kit.advanceClock(clock.id, feb + 14 * day)
    const updated = await kit.stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]?.id, price: plusMonthly.id }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    })
    expect(updated.discounts).toEqual([])
    expect(lineAmounts(updated.latest_invoice as Stripe.Invoice)).toEqual([-2500, 4000])
  })
})

describe('given billing_mode with itemized proration discounts', () => {
  it('refuses it with an invalid_request_error naming the parameter', async () => {
    const { customer, proMonthly } = await proSubscriber(async () => [])
    const error = await kit.stripe.subscriptions
      .create({
        customer: customer.id,
        items: [{ price: proMonthly.id }],
        billing_mode: { type: 'flexible', flexible: { proration_discounts: 'itemized' } },
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'billing_mode[flexible][proration_discounts]',
    })
  })

  it('accepts included, the mode it emulates', async () => {
    const { customer, proMonthly } = await proSubscriber(async () => [])
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: proMonthly.id }],
      billing_mode: { type: 'flexible', flexible: { proration_discounts: 'included' } },
    })
    expect(subscription.billing_mode).toMatchObject({ type: 'flexible', flexible: { proration_discounts: 'included' } })
  })
})
