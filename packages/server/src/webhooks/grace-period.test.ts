import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness, subscribeAccount } from '../testing/billing-harness.js'

const day = 86_400

describe.each(['fetch', 'payload'] as const)('given a renewal that fails, delivered late (%s mode)', (sync) => {
  let h: BillingHarness

  beforeAll(async () => {
    h = await startBillingHarness({ sync })
  })
  afterAll(() => h.close())

  it('counts the grace period from the failed payment’s own time, not from when the webhook arrived', async () => {
    const now = Math.floor(Date.now() / 1000)
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: now - 40 * day })
    const { customer, subscription } = await subscribeAccount(h.stripe, 'acct_late', { testClock: clock.id })
    const failing = await h.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } })
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: now - 5 * day })

    const failed = h.emittedEvents().find((e) => e.type === 'invoice.payment_failed') as Stripe.Event
    expect(failed.created).toBeLessThan(now - 8 * day)

    await h.deliverNewEvents()
    const status = await h.billing.api.getStatus('acct_late')
    expect(status.subscription).toMatchObject({ id: subscription.id, status: 'past_due' })
    expect(status.subscription?.pastDueSince).toBe(new Date(failed.created * 1000).toISOString())
    expect(status.graceUntil).toBe(new Date((failed.created + 7 * day) * 1000).toISOString())
    expect(status.access).toBe('read_only')
    expect(status.notice).toEqual({ kind: 'payment_failed', until: null, flow: 'payment_method_update' })
  })

  it('clears the failure once a new card pays the open invoice', async () => {
    const customerId = (await h.billing.api.getStatus('acct_late')).customer?.id as string
    const visa = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customerId })
    await h.stripe.customers.update(customerId, { invoice_settings: { default_payment_method: visa.id } })
    const open = await h.stripe.invoices.list({ customer: customerId, status: 'open' })
    for (const invoice of open.data) await h.stripe.invoices.pay(invoice.id)
    await h.deliverNewEvents()
    const status = await h.billing.api.getStatus('acct_late')
    expect(status.subscription).toMatchObject({ status: 'active', pastDueSince: null })
    expect(status.access).toBe('full')
    expect(status.notice).toBeNull()
  })
})
