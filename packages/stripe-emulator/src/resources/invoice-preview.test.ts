import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { day, february, midJanuary, start } from '../pages/portal-test-dates.js'
import { portalTestPlans } from '../pages/portal-test-plans.js'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
beforeEach(() => kit.reset())
afterAll(() => kit.close())

/** A Visa customer on a test clock subscribed on Jan 1 to Pro ($50/month), optionally with coupons; the clock then at mid-January. */
async function proSubscriberAtMidJanuary(coupons: string[] = []) {
  const { stripe } = kit
  const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: start, email: 'preview@example.com' })
  const plans = await portalTestPlans(stripe)
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: plans.proMonthly.id }],
    discounts: coupons.map((coupon) => ({ coupon })),
  })
  await kit.advanceClock(clock.id, midJanuary)
  const item = subscription.items.data[0]?.id as string
  return { clock, customer, subscription, item, ...plans }
}

const amounts = (invoice: Stripe.Invoice) => invoice.lines.data.map((line) => line.amount).sort((a, b) => a - b)
const prorationAmounts = (invoice: Stripe.Invoice) =>
  invoice.lines.data
    .filter((line) => line.parent?.subscription_item_details?.proration)
    .map((line) => line.amount)
    .sort((a, b) => a - b)

async function stateCounts(customer: string) {
  const invoices = await kit.stripe.invoices.list({ customer, limit: 100 })
  const items = await kit.stripe.invoiceItems.list({ customer, limit: 100 })
  const events = await kit.stripe.events.list({ limit: 100 })
  return { invoices: invoices.data.length, items: items.data.length, events: events.data.length }
}

describe('POST /v1/invoices/create_preview', () => {
  it('previews an always_invoice upgrade as exactly what the update then charges', async () => {
    const { subscription, item, plusMonthly } = await proSubscriberAtMidJanuary()
    const preview = await kit.stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: {
        items: [{ id: item, price: plusMonthly.id }],
        proration_behavior: 'always_invoice',
        proration_date: midJanuary,
      },
    })
    expect(preview).toMatchObject({ object: 'invoice', status: 'draft', billing_reason: 'subscription_update' })
    expect(preview.id).toMatch(/^upcoming_in_/)
    const updated = await kit.stripe.subscriptions.update(subscription.id, {
      items: [{ id: item, price: plusMonthly.id }],
      proration_behavior: 'always_invoice',
      proration_date: midJanuary,
      expand: ['latest_invoice'],
    })
    const invoice = updated.latest_invoice as Stripe.Invoice
    expect(preview.amount_due).toBeGreaterThan(0)
    expect(preview.amount_due).toBe(invoice.amount_paid)
    expect(preview.total).toBe(invoice.total)
    expect(preview.subtotal).toBe(invoice.subtotal)
    expect(amounts(preview)).toEqual(amounts(invoice))
    expect(prorationAmounts(preview)).toEqual([-2500, 4000])
  })

  it('previews create_prorations as the renewal with the prorations added, as the clock then bills it', async () => {
    const { clock, customer, subscription, item, plusMonthly } = await proSubscriberAtMidJanuary()
    const preview = await kit.stripe.invoices.createPreview({
      customer: customer.id,
      subscription: subscription.id,
      subscription_details: { items: [{ id: item, price: plusMonthly.id }], proration_date: midJanuary },
    })
    expect(preview).toMatchObject({
      billing_reason: 'subscription_cycle',
      period_end: february,
      next_payment_attempt: february + 3600,
    })
    expect(amounts(preview)).toEqual([-2500, 4000, 8000])
    expect(preview.amount_due).toBe(9500)
    await kit.stripe.subscriptions.update(subscription.id, {
      items: [{ id: item, price: plusMonthly.id }],
      proration_date: midJanuary,
    })
    await kit.advanceClock(clock.id, february + day)
    const renewal = (await kit.stripe.invoices.list({ subscription: subscription.id, limit: 1 })).data[0]
    expect(renewal?.billing_reason).toBe('subscription_cycle')
    expect(amounts(preview)).toEqual(amounts(renewal as Stripe.Invoice))
    expect(preview.amount_due).toBe(renewal?.amount_paid)
  })

  it('nets a 25%-off coupon as the update and the renewal do', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 25, duration: 'forever' })
    const { clock, subscription, item, plusMonthly } = await proSubscriberAtMidJanuary([coupon.id])
    const details = { items: [{ id: item, price: plusMonthly.id }], proration_date: midJanuary }
    const now = await kit.stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: { ...details, proration_behavior: 'always_invoice' },
    })
    const next = await kit.stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: details,
    })
    expect(now.amount_due).toBe(1125)
    expect(next.total_discount_amounts?.[0]?.amount).toBe(2000)
    const updated = await kit.stripe.subscriptions.update(subscription.id, {
      ...details,
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    })
    const invoice = updated.latest_invoice as Stripe.Invoice
    expect(now.amount_due).toBe(invoice.amount_paid)
    expect(amounts(now)).toEqual(amounts(invoice))
    const upcoming = await kit.stripe.invoices.createPreview({ subscription: subscription.id })
    await kit.advanceClock(clock.id, february + day)
    const renewal = (await kit.stripe.invoices.list({ subscription: subscription.id, limit: 1 })).data[0]
    expect(upcoming.amount_due).toBe(6000)
    expect(upcoming.amount_due).toBe(renewal?.amount_paid)
    expect(upcoming.total_discount_amounts).toEqual(renewal?.total_discount_amounts)
  })

  it('previews the upcoming renewal, with pending prorations, when nothing changes', async () => {
    const { customer, subscription, item, proMonthly, plusMonthly } = await proSubscriberAtMidJanuary()
    const plain = await kit.stripe.invoices.createPreview({ customer: customer.id })
    expect(plain).toMatchObject({
      object: 'invoice',
      status: 'draft',
      customer: customer.id,
      billing_reason: 'subscription_cycle',
      amount_due: 5000,
      period_start: start,
      period_end: february,
      parent: { subscription_details: { subscription: subscription.id } },
    })
    expect(plain.lines.data[0]).toMatchObject({
      amount: 5000,
      period: { start: february, end: Date.UTC(2030, 2, 1) / 1000 },
      pricing: { price_details: { price: proMonthly.id } },
    })
    await kit.stripe.subscriptions.update(subscription.id, { items: [{ id: item, price: plusMonthly.id }] })
    const pending = await kit.stripe.invoices.createPreview({ subscription: subscription.id })
    expect(amounts(pending)).toEqual([-2500, 4000, 8000])
  })

  it('changes nothing: no invoice, invoice item or event appears', async () => {
    const { customer, subscription, item, plusMonthly } = await proSubscriberAtMidJanuary()
    const before = await stateCounts(customer.id)
    for (const behavior of ['always_invoice', 'create_prorations', 'none'] as const) {
      await kit.stripe.invoices.createPreview({
        subscription: subscription.id,
        subscription_details: { items: [{ id: item, price: plusMonthly.id }], proration_behavior: behavior },
      })
    }
    await kit.stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: { billing_cycle_anchor: { type: 'now' } },
    })
    expect(await stateCounts(customer.id)).toEqual(before)
    const unchanged = await kit.stripe.subscriptions.retrieve(subscription.id)
    expect(unchanged.items.data[0]?.price.id).not.toBe(plusMonthly.id)
  })

  describe('rejects bad input with the parameter named', () => {
    const rejection = (promise: Promise<unknown>) =>
      promise.then(
        () => expect.unreachable('the preview should fail'),
        (error: Stripe.errors.StripeError) => ({ type: error.type, param: error.param, code: error.code }),
      )

    it('an unknown subscription', async () => {
      expect(await rejection(kit.stripe.invoices.createPreview({ subscription: 'sub_missing' }))).toEqual({
        type: 'StripeInvalidRequestError',
        param: 'subscription',
        code: 'resource_missing',
      })
    })

    it("another customer's subscription", async () => {
      const { subscription } = await proSubscriberAtMidJanuary()
      const other = await kit.stripe.customers.create({ email: 'other@example.com' })
      const error = await rejection(
        kit.stripe.invoices.createPreview({ customer: other.id, subscription: subscription.id }),
      )
      expect(error).toMatchObject({ type: 'StripeInvalidRequestError', param: 'subscription' })
    })

    /** The error of previewing `change` (given the subscription's item and the Plus price) on a Pro subscriber. */
    async function itemChangeRejection(change: (item: string, plus: string) => { id: string; price: string }) {
      const { subscription, item, plusMonthly } = await proSubscriberAtMidJanuary()
      const items = [change(item, plusMonthly.id)]
      return rejection(
        kit.stripe.invoices.createPreview({ subscription: subscription.id, subscription_details: { items } }),
      )
    }

    it('an item id not on the subscription', async () => {
      expect(await itemChangeRejection((_, plus) => ({ id: 'si_missing', price: plus }))).toMatchObject({
        param: 'subscription_details[items][0][id]',
        code: 'resource_missing',
      })
    })

    it('a price that does not exist', async () => {
      expect(await itemChangeRejection((item) => ({ id: item, price: 'price_missing' }))).toMatchObject({
        param: 'subscription_details[items][0][price]',
        code: 'resource_missing',
      })
    })

    it('neither customer nor subscription', async () => {
      expect(await rejection(kit.stripe.invoices.createPreview({}))).toEqual({
        type: 'StripeInvalidRequestError',
        param: 'customer',
        code: 'parameter_missing',
      })
    })
  })
})
