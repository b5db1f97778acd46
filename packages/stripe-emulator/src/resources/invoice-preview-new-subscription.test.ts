import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { day, february, start } from '../pages/portal-test-dates.js'
import { type PortalTestPlans, portalTestPlans } from '../pages/portal-test-plans.js'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { recurringPrice } from '../testing/recurring-price.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

type RejectionTestPlans = PortalTestPlans & { oneTime: Stripe.Price; euroMonthly: Stripe.Price }

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
beforeEach(() => kit.reset())
afterAll(() => kit.close())

/** A Visa customer on a test clock frozen at 2030-01-01, with the portal's plans (Pro $50, Plus $80, Basic $20 a month). */
async function customerChoosingAPlan() {
  const { stripe } = kit
  const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: start, email: 'new@example.com' })
  const plans = await portalTestPlans(stripe)
  return { clock, customer, ...plans }
}

/** What a pricing page shows of an invoice: its totals and, per line, what it bills for which period. */
const billed = (invoice: Stripe.Invoice) => ({
  billing_reason: invoice.billing_reason,
  currency: invoice.currency,
  period_start: invoice.period_start,
  period_end: invoice.period_end,
  subtotal: invoice.subtotal,
  total: invoice.total,
  amount_due: invoice.amount_due,
  discount_amounts: (invoice.total_discount_amounts ?? []).map((d) => d.amount),
  lines: invoice.lines.data.map((line) => ({
    amount: line.amount,
    description: line.description,
    quantity: line.quantity,
    period: line.period,
    price: line.pricing?.price_details?.price,
    discount_amounts: (line.discount_amounts ?? []).map((d) => d.amount),
  })),
})

async function stateCounts() {
  const [customers, subscriptions, invoices, events] = await Promise.all([
    kit.stripe.customers.list({ limit: 100 }),
    kit.stripe.subscriptions.list({ status: 'all', limit: 100 }),
    kit.stripe.invoices.list({ limit: 100 }),
    kit.stripe.events.list({ limit: 100 }),
  ])
  return {
    customers: customers.data.length,
    subscriptions: subscriptions.data.length,
    invoices: invoices.data.length,
    events: events.data.length,
  }
}

describe('POST /v1/invoices/create_preview for a subscription not created yet', () => {
  it('previews the first invoice of a new subscription with 25% off, equal to what create then bills', async () => {
    const { customer, proMonthly, basicMonthly } = await customerChoosingAPlan()
    const coupon = await kit.stripe.coupons.create({ percent_off: 25, duration: 'forever' })
    const items = [{ price: proMonthly.id, quantity: 2 }, { price: basicMonthly.id }]
    const preview = await kit.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items },
      discounts: [{ coupon: coupon.id }],
    })
    expect(preview.id).toMatch(/^upcoming_in_/)
    expect(billed(preview)).toEqual({
      billing_reason: 'subscription_create',
      currency: 'usd',
      period_start: start,
      period_end: start,
      subtotal: 12000,
      total: 9000,
      amount_due: 9000,
      discount_amounts: [3000],
      lines: [
        {
          amount: 10000,
          description: '2 × Pro (at $50.00 / month)',
          quantity: 2,
          period: { start, end: february },
          price: proMonthly.id,
          discount_amounts: [2500],
        },
        {
          amount: 2000,
          description: '1 × Basic (at $20.00 / month)',
          quantity: 1,
          period: { start, end: february },
          price: basicMonthly.id,
          discount_amounts: [500],
        },
      ],
    })
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items,
      discounts: [{ coupon: coupon.id }],
      expand: ['latest_invoice'],
    })
    const invoice = subscription.latest_invoice as Stripe.Invoice
    expect(billed(preview)).toEqual(billed(invoice))
    expect(invoice.amount_paid).toBe(preview.amount_due)
  })

  it('previews a promotion code for a fixed amount as create redeems it', async () => {
    const { customer, plusMonthly } = await customerChoosingAPlan()
    const coupon = await kit.stripe.coupons.create({ amount_off: 1000, currency: 'usd', duration: 'once' })
    const code = await kit.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } })
    const preview = await kit.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: plusMonthly.id }] },
      discounts: [{ promotion_code: code.id }],
    })
    expect(preview.amount_due).toBe(7000)
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: plusMonthly.id }],
      discounts: [{ promotion_code: code.id }],
      expand: ['latest_invoice'],
    })
    expect(billed(preview)).toEqual(billed(subscription.latest_invoice as Stripe.Invoice))
  })

  it('previews a trial as the $0 trial invoice create makes, coupon or not', async () => {
    const { customer, proMonthly } = await customerChoosingAPlan()
    const coupon = await kit.stripe.coupons.create({ percent_off: 50, duration: 'forever' })
    const trialEnd = start + 14 * day
    const preview = await kit.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: proMonthly.id }], trial_end: trialEnd },
      discounts: [{ coupon: coupon.id }],
    })
    expect(preview).toMatchObject({ billing_reason: 'subscription_create', subtotal: 0, amount_due: 0 })
    expect(preview.lines.data[0]).toMatchObject({
      amount: 0,
      description: 'Trial period for Pro',
      period: { start, end: trialEnd },
    })
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: proMonthly.id }],
      trial_end: trialEnd,
      discounts: [{ coupon: coupon.id }],
      expand: ['latest_invoice'],
    })
    expect(subscription.status).toBe('trialing')
    expect(billed(preview)).toEqual(billed(subscription.latest_invoice as Stripe.Invoice))
  })

  it('previews trial_end=now as a subscription billed at once, as create does', async () => {
    const { customer, proMonthly } = await customerChoosingAPlan()
    const preview = await kit.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: proMonthly.id }], trial_end: 'now' },
    })
    expect(preview.amount_due).toBe(5000)
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: proMonthly.id }],
      trial_end: 'now',
      expand: ['latest_invoice'],
    })
    expect(billed(preview)).toEqual(billed(subscription.latest_invoice as Stripe.Invoice))
  })

  it('previews a new subscription, not the current one, when a subscriber sends items without a subscription', async () => {
    const { customer, proMonthly, plusMonthly } = await customerChoosingAPlan()
    await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: proMonthly.id }] })
    const preview = await kit.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: plusMonthly.id }] },
    })
    expect(preview.billing_reason).toBe('subscription_create')
    expect(preview.lines.data.map((line) => line.amount)).toEqual([8000])
  })

  it('changes nothing: no customer, subscription, invoice, discount or event appears and no redemption counts', async () => {
    const { customer, proMonthly } = await customerChoosingAPlan()
    const coupon = await kit.stripe.coupons.create({ percent_off: 25, duration: 'forever', max_redemptions: 1 })
    const code = await kit.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } })
    const before = await stateCounts()
    for (const discount of [{ coupon: coupon.id }, { promotion_code: code.id }]) {
      await kit.stripe.invoices.createPreview({
        customer: customer.id,
        subscription_details: { items: [{ price: proMonthly.id }] },
        discounts: [discount],
      })
    }
    expect(await stateCounts()).toEqual(before)
    expect((await kit.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(0)
    expect((await kit.stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(0)
    const subscription = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: proMonthly.id }],
      discounts: [{ coupon: coupon.id }],
    })
    expect(subscription.discounts).toHaveLength(1)
  })

  describe('refuses what subscriptions.create refuses, naming the preview parameter', () => {
    const rejection = (promise: Promise<unknown>) =>
      promise.then(
        () => expect.unreachable('the call should fail'),
        (error: Stripe.errors.StripeError) => ({
          status: error.statusCode,
          code: error.code,
          param: error.param,
          message: error.message,
        }),
      )

    /** The errors of previewing and of creating a subscription of `items` (picked from the plans) for a new customer. */
    async function previewAndCreateRejections(items: (plans: RejectionTestPlans) => string[]) {
      const customer = await kit.stripe.customers.create({ email: 'new@example.com' })
      const plans = await portalTestPlans(kit.stripe)
      const oneTime = await kit.stripe.prices.create({ product: plans.pro.id, unit_amount: 900, currency: 'usd' })
      const euroMonthly = await recurringPrice(kit.stripe, plans.pro.id, 4500, 'month', 'eur')
      const prices = items({ ...plans, oneTime, euroMonthly }).map((price) => ({ price }))
      const preview = await rejection(
        kit.stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: prices } }),
      )
      const create = await rejection(kit.stripe.subscriptions.create({ customer: customer.id, items: prices }))
      return { preview, create }
    }

    it('a price that does not exist', async () => {
      const { preview, create } = await previewAndCreateRejections(() => ['price_missing'])
      expect(preview).toEqual({ ...create, param: 'subscription_details[items][0][price]' })
      expect(preview.code).toBe('resource_missing')
    })

    it('a one-time price', async () => {
      const { preview, create } = await previewAndCreateRejections((plans) => [plans.oneTime.id])
      expect(create.message).toMatch(/type=one_time/)
      expect(preview).toEqual({ ...create, param: 'subscription_details[items][0][price]' })
    })

    it('prices of different intervals', async () => {
      const { preview, create } = await previewAndCreateRejections((plans) => [plans.proMonthly.id, plans.proYearly.id])
      expect(create.message).toMatch(/interval/)
      expect(preview).toEqual({ ...create, param: 'subscription_details[items]' })
    })

    it('prices of different currencies', async () => {
      const { preview, create } = await previewAndCreateRejections((plans) => [
        plans.proMonthly.id,
        plans.euroMonthly.id,
      ])
      expect(create.message).toMatch(/currency/)
      expect(preview).toEqual({ ...create, param: 'subscription_details[items]' })
    })

    it('a deleted customer', async () => {
      const { proMonthly } = await portalTestPlans(kit.stripe)
      const customer = await kit.stripe.customers.create({ email: 'gone@example.com' })
      await kit.stripe.customers.del(customer.id)
      const error = await rejection(
        kit.stripe.invoices.createPreview({
          customer: customer.id,
          subscription_details: { items: [{ price: proMonthly.id }] },
        }),
      )
      expect(error).toMatchObject({ status: 404, code: 'resource_missing', param: 'customer' })
    })

    it('items without a customer', async () => {
      const { proMonthly } = await portalTestPlans(kit.stripe)
      const error = await rejection(
        kit.stripe.invoices.createPreview({ subscription_details: { items: [{ price: proMonthly.id }] } }),
      )
      expect(error).toMatchObject({ code: 'parameter_missing', param: 'customer' })
    })

    it('a coupon that does not exist', async () => {
      const { customer, proMonthly } = await customerChoosingAPlan()
      const error = await rejection(
        kit.stripe.invoices.createPreview({
          customer: customer.id,
          subscription_details: { items: [{ price: proMonthly.id }] },
          discounts: [{ coupon: 'nope' }],
        }),
      )
      expect(error).toMatchObject({ code: 'resource_missing', param: 'discounts[0][coupon]' })
    })

    it('a trial that ends in the past', async () => {
      const { customer, proMonthly } = await customerChoosingAPlan()
      const error = await rejection(
        kit.stripe.invoices.createPreview({
          customer: customer.id,
          subscription_details: { items: [{ price: proMonthly.id }], trial_end: start - day },
        }),
      )
      expect(error).toMatchObject({ status: 400, param: 'subscription_details[trial_end]' })
    })

    it('an item id, which only an existing subscription has', async () => {
      const { customer, proMonthly } = await customerChoosingAPlan()
      const error = await rejection(
        kit.stripe.invoices.createPreview({
          customer: customer.id,
          subscription_details: { items: [{ id: 'si_x', price: proMonthly.id }] },
        }),
      )
      expect(error).toMatchObject({ status: 400, param: 'subscription_details[items][0][id]' })
    })

    it('a billing_cycle_anchor past the next natural billing date', async () => {
      const { customer, proMonthly } = await customerChoosingAPlan()
      const error = await rejection(
        kit.stripe.invoices.createPreview({
          customer: customer.id,
          subscription_details: {
            items: [{ price: proMonthly.id }],
            billing_cycle_anchor: { type: 'timestamp', timestamp: start + 40 * day },
          },
        }),
      )
      expect(error).toMatchObject({
        status: 400,
        param: 'subscription_details[billing_cycle_anchor]',
        message: expect.stringContaining('cannot be later than next natural billing date'),
      })
    })

    it('discounts on the preview of an existing subscription', async () => {
      const { customer, proMonthly } = await customerChoosingAPlan()
      const coupon = await kit.stripe.coupons.create({ percent_off: 25, duration: 'forever' })
      const subscription = await kit.stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: proMonthly.id }],
      })
      const error = await rejection(
        kit.stripe.invoices.createPreview({ subscription: subscription.id, discounts: [{ coupon: coupon.id }] }),
      )
      expect(error).toMatchObject({ status: 400, param: 'discounts' })
      expect(error.message).toMatch(/new subscription/)
    })
  })
})
