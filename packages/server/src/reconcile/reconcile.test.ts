import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness, subscribeAccount } from '../testing/billing-harness.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness()
})
afterAll(() => h.close())

describe('reconcile', () => {
  it('repairs a store from which every webhook was dropped, and reports what drifted', async () => {
    const a = await subscribeAccount(h.stripe, 'acct_lost_a')
    const b = await subscribeAccount(h.stripe, 'acct_lost_b', { trialDays: 14 })
    await h.stripe.subscriptions.update(a.subscription.id, { cancel_at_period_end: true })
    expect((await h.billing.api.getStatus('acct_lost_a')).subscription).toBeNull()

    const report = await h.billing.api.reconcile()
    expect(report.created).toBeGreaterThanOrEqual(2)
    expect(report.customersLinked).toBeGreaterThanOrEqual(2)
    const statusA = await h.billing.api.getStatus('acct_lost_a')
    expect(statusA.subscription).toMatchObject({ id: a.subscription.id, cancelAtPeriodEnd: true })
    const statusB = await h.billing.api.getStatus('acct_lost_b')
    expect(statusB.subscription).toMatchObject({ id: b.subscription.id, status: 'trialing' })

    const again = await h.billing.api.reconcile()
    expect(again).toMatchObject({ created: 0, updated: 0 })
    expect(again.unchanged).toBe(again.subscriptionsSeen)

    await h.stripe.subscriptions.cancel(b.subscription.id)
    const third = await h.billing.api.reconcile()
    expect(third.updated).toBe(1)
    expect((await h.billing.api.getStatus('acct_lost_b')).access).toBe('none')
  })

  it('stores discounts with their coupons, and finds them unchanged after others redeem the coupon', async () => {
    const { customer, price, subscription: first } = await subscribeAccount(h.stripe, 'acct_coupon_a')
    await h.stripe.subscriptions.cancel(first.id)
    const coupon = await h.stripe.coupons.create({ name: 'Launch', percent_off: 25, duration: 'forever' })
    const discounted = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: coupon.id }],
    })
    await h.billing.api.reconcile()
    const status = await h.billing.api.getStatus('acct_coupon_a')
    expect(status.subscription).toMatchObject({
      id: discounted.id,
      periodAmount: 2175,
      discounts: [{ name: 'Launch', percentOff: 25, duration: 'forever' }],
    })

    // Another customer's redemption changes the coupon's times_redeemed, which is not the subscription's drift.
    const other = await subscribeAccount(h.stripe, 'acct_coupon_b')
    await h.stripe.subscriptions.update(other.subscription.id, { discounts: [{ coupon: coupon.id }] })
    const again = await h.billing.api.reconcile()
    expect(again).toMatchObject({ created: 1, updated: 0 })
    expect((await h.billing.api.getStatus('acct_coupon_b')).subscription?.periodAmount).toBe(2175)
  })

  it('runs from the cron route only with the right bearer secret', async () => {
    const { createBilling } = await import('../create-billing.js')
    const billing = createBilling({ ...h.billing.options, cronSecret: 'cron-secret-123' })
    const call = (authorization?: string) =>
      billing.handler(
        new Request('https://app.example/api/billing/cron/reconcile', {
          headers: authorization ? { authorization } : {},
        }),
      )
    expect((await call()).status).toBe(401)
    expect((await call('Bearer wrong')).status).toBe(401)
    const ok = await call('Bearer cron-secret-123')
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ created: expect.any(Number), updated: expect.any(Number) })
  })
})

describe('cron reconcile route', () => {
  it('is not there without a cron secret', async () => {
    expect((await h.request('/cron/reconcile')).status).toBe(404)
  })
})
