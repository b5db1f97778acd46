import { formWithButton, submitForm, textOf } from '@portal-kit/stripe-emulator/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBilling } from '../create-billing.js'
import { type BillingHarness, startBillingHarness, subscribeAccount } from '../testing/billing-harness.js'

let h: BillingHarness
beforeAll(async () => {
  // The coupon is named before it exists, as an app's config names one made in the dashboard.
  h = await startBillingHarness({ retentionCoupon: 'STAY50' })
  await h.stripe.coupons.create({
    id: 'STAY50',
    name: 'Stay with us',
    percent_off: 50,
    duration: 'repeating',
    duration_in_months: 3,
  })
})
afterAll(() => h.close())

async function openCancelFlow(accountId: string): Promise<string> {
  await h.deliverNewEvents()
  h.account = { id: accountId, email: `${accountId}@example.com` }
  const res = await h.request('/portal', { method: 'POST', json: { flow: 'subscription_cancel' } })
  expect(res.status).toBe(200)
  const { url } = (await res.json()) as { url: string }
  return (await fetch(url)).text()
}

describe('given a retention coupon', () => {
  it('offers it in the cancel deep link, and accepting keeps the subscription with the discount on the card', async () => {
    const { subscription } = await subscribeAccount(h.stripe, 'acct_stays')
    const offer = await openCancelFlow('acct_stays')
    expect(h.lastPortalSession().flow?.subscription_cancel).toEqual({
      subscription: subscription.id,
      retention: { type: 'coupon_offer', coupon_offer: { coupon: 'STAY50' } },
    })
    expect(textOf(offer)).toContain('Stay with us and get 50% off for 3 months.')

    const accepted = await submitForm(h.emulator.url, formWithButton(offer, 'Accept offer'))
    expect(accepted.status).toBe(303)
    await h.deliverNewEvents()
    const status = await h.billing.api.getStatus('acct_stays')
    expect(status.subscription).toMatchObject({
      id: subscription.id,
      cancelAtPeriodEnd: false,
      periodAmount: 1450,
      discounts: [{ name: 'Stay with us', percentOff: 50, duration: 'repeating' }],
    })
    expect(status.notice).toBeNull()
  })

  it('still lets the customer decline and cancel', async () => {
    await subscribeAccount(h.stripe, 'acct_leaves')
    const offer = await openCancelFlow('acct_leaves')
    const declined = await submitForm(h.emulator.url, formWithButton(offer, 'No thanks, continue to cancel'))
    const cancelPage = await (await fetch(new URL(declined.headers.get('location') as string, h.emulator.url))).text()
    await submitForm(h.emulator.url, formWithButton(cancelPage, 'Confirm cancellation'))
    await h.deliverNewEvents()
    const status = await h.billing.api.getStatus('acct_leaves')
    expect(status.subscription).toMatchObject({ cancelAtPeriodEnd: true, discounts: [], periodAmount: 2900 })
    expect(status.notice?.kind).toBe('canceling')
  })

  it('is left out of the other deep links', async () => {
    await subscribeAccount(h.stripe, 'acct_updates')
    await h.deliverNewEvents()
    h.account = { id: 'acct_updates', email: 'acct_updates@example.com' }
    const res = await h.request('/portal', { method: 'POST', json: { flow: 'payment_method_update' } })
    expect(res.status).toBe(200)
    expect(h.lastPortalSession().flow).toMatchObject({ type: 'payment_method_update' })
    expect(JSON.stringify(h.lastPortalSession().flow)).not.toContain('STAY50')
  })
})

describe('without a retention coupon', () => {
  it('opens the cancel confirmation straight away', async () => {
    const billing = createBilling({ ...h.billing.options, retentionCoupon: undefined })
    await subscribeAccount(h.stripe, 'acct_plain')
    await h.deliverNewEvents()
    h.account = { id: 'acct_plain', email: 'acct_plain@example.com' }
    const res = await h.request('/portal', { method: 'POST', json: { flow: 'subscription_cancel' }, via: billing })
    expect(res.status).toBe(200)
    expect(h.lastPortalSession().flow?.subscription_cancel?.retention ?? null).toBeNull()
  })

  it('opens the cancel flow without an offer, and logs why, when Stripe refuses the coupon', async () => {
    const errors: string[] = []
    const billing = createBilling({
      ...h.billing.options,
      retentionCoupon: 'DELETED_COUPON',
      logger: { warn: () => {}, error: (message) => errors.push(message) },
    })
    h.account = { id: 'acct_plain', email: 'acct_plain@example.com' }
    const res = await h.request('/portal', { method: 'POST', json: { flow: 'subscription_cancel' }, via: billing })
    expect(res.status).toBe(200)
    expect(h.lastPortalSession().flow?.subscription_cancel?.retention ?? null).toBeNull()
    expect(errors).toEqual([expect.stringMatching(/retentionCoupon "DELETED_COUPON" .*No such coupon/)])
  })

  it('refuses a retention coupon that is not a coupon id when the billing is created', () => {
    for (const retentionCoupon of ['', ' ', 42]) {
      expect(() => createBilling({ ...h.billing.options, retentionCoupon: retentionCoupon as string })).toThrow(
        /retentionCoupon must be a coupon id/,
      )
    }
  })
})
