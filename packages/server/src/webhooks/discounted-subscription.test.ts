import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, createMonthlyPrice, startBillingHarness } from '../testing/billing-harness.js'

const day = 86_400

describe.each(['fetch', 'payload'] as const)('given a subscription with a coupon (%s mode)', (sync) => {
  let h: BillingHarness
  const retrieves: string[] = []

  beforeAll(async () => {
    h = await startBillingHarness({ sync })
    h.stripe.on('request', (request: { method: string; path: string }) => {
      if (request.method === 'GET' && /^\/v1\/subscriptions\/sub_/.test(request.path)) retrieves.push(request.path)
    })
  })
  afterAll(() => h.close())

  async function subscribeWithCoupon(accountId: string, coupon: Stripe.CouponCreateParams) {
    const price = await createMonthlyPrice(h.stripe, 'Starter', 900)
    const customer = await h.stripe.customers.create({ email: `${accountId}@example.com`, metadata: { accountId } })
    const card = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } })
    const { id } = await h.stripe.coupons.create(coupon)
    return h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: id }],
    })
  }

  it('shows the discount and what a period costs with it, from the webhooks alone', async () => {
    const subscription = await subscribeWithCoupon('acct_welcome', {
      name: 'Welcome 20%',
      percent_off: 20,
      duration: 'repeating',
      duration_in_months: 3,
    })
    await h.deliverNewEvents()
    const [discount] = (await h.stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] }))
      .discounts as Stripe.Discount[]
    const status = await h.billing.api.getStatus('acct_welcome')
    expect(status.subscription).toMatchObject({
      id: subscription.id,
      plan: { amount: 900 },
      periodAmount: 720,
      discounts: [
        {
          id: discount?.id,
          name: 'Welcome 20%',
          percentOff: 20,
          amountOff: null,
          duration: 'repeating',
          end: new Date((discount?.end ?? 0) * 1000).toISOString(),
        },
      ],
    })
    expect(Date.parse(status.subscription?.discounts[0]?.end ?? '')).toBeGreaterThan(Date.now() + 80 * day * 1000)
  })

  it('drops the discount once it is removed from the subscription', async () => {
    const subscription = await subscribeWithCoupon('acct_removed', {
      amount_off: 300,
      currency: 'usd',
      duration: 'forever',
    })
    await h.deliverNewEvents()
    expect((await h.billing.api.getStatus('acct_removed')).subscription).toMatchObject({
      periodAmount: 600,
      discounts: [{ amountOff: 300, name: null, duration: 'forever', end: null }],
    })
    await h.stripe.subscriptions.deleteDiscount(subscription.id)
    await h.deliverNewEvents()
    expect((await h.billing.api.getStatus('acct_removed')).subscription).toMatchObject({
      periodAmount: 900,
      discounts: [],
    })
  })

  if (sync === 'payload') {
    it('reads each discount from Stripe once, however many of its events name it', async () => {
      retrieves.length = 0
      const from = h.emittedEvents().length
      const subscription = await subscribeWithCoupon('acct_once', { percent_off: 10, duration: 'forever' })
      await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
      await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false })
      const named = h
        .emittedEvents()
        .slice(from)
        .filter((e) => e.type.startsWith('customer.subscription.'))
      expect(named.length).toBeGreaterThanOrEqual(3)
      await h.deliverNewEvents()
      expect(retrieves).toHaveLength(1)
      expect((await h.billing.api.getStatus('acct_once')).subscription).toMatchObject({
        periodAmount: 810,
        cancelAtPeriodEnd: false,
      })
    })
  }
})
