import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Billing } from '../create-billing.js'
import {
  type BillingHarness,
  createMonthlyPrice,
  payCheckoutSession,
  startBillingHarness,
  subscribeAccount,
} from '../testing/billing-harness.js'

const day = 86_400

let h: BillingHarness
let priceId: string

beforeAll(async () => {
  h = await startBillingHarness()
  priceId = (await createMonthlyPrice(h.stripe, 'Team', 4900)).id
})
afterAll(() => h.close())

async function billingWith(
  checkout: NonNullable<Billing['options']['checkout']>,
  plans?: Billing['options']['plans'],
): Promise<Billing> {
  const { createBilling } = await import('../create-billing.js')
  return createBilling({ ...h.billing.options, checkout, ...(plans ? { plans } : {}) })
}

/** POST /checkout of `price` for `accountId` through `billing`; the Checkout Session it opened. */
async function openCheckout(billing: Billing, accountId: string, price = priceId): Promise<Stripe.Checkout.Session> {
  h.account = { id: accountId, email: `${accountId}@example.com` }
  const res = await billing.handler(
    new Request('https://app.example/api/billing/checkout', {
      method: 'POST',
      headers: { origin: 'https://app.example', 'content-type': 'application/json' },
      body: JSON.stringify({ priceId: price }),
    }),
  )
  expect(res.status).toBe(200)
  const sessionId = /\/(cs_\w+)/.exec(((await res.json()) as { url: string }).url)?.[1] as string
  return h.stripe.checkout.sessions.retrieve(sessionId)
}

/** Pays the session on the emulator's hosted page with a Visa card; the subscription it started. */
async function subscribeThrough(session: Stripe.Checkout.Session): Promise<Stripe.Subscription> {
  expect((await payCheckoutSession(h, session.id)).status).toBe(303)
  const paid = await h.stripe.checkout.sessions.retrieve(session.id)
  return h.stripe.subscriptions.retrieve(paid.subscription as string)
}

describe('checkout.trialDays', () => {
  it('starts an account’s first subscription with that many free days', async () => {
    const billing = await billingWith({ trialDays: 14 })
    const subscription = await subscribeThrough(await openCheckout(billing, 'acct_first_trial'))
    expect(subscription.status).toBe('trialing')
    expect(subscription.trial_start).not.toBeNull()
    expect((subscription.trial_end ?? 0) - (subscription.trial_start ?? 0)).toBe(14 * day)
    expect(subscription.metadata.accountId).toBe('acct_first_trial')
  })

  it('gives no second trial to an account that subscribed before, even one that has since ended', async () => {
    const { subscription: earlier } = await subscribeAccount(h.stripe, 'acct_had_plan')
    await h.stripe.subscriptions.cancel(earlier.id)
    const billing = await billingWith({ trialDays: 14 })
    const subscription = await subscribeThrough(await openCheckout(billing, 'acct_had_plan'))
    expect(subscription.status).toBe('active')
    expect(subscription.trial_end).toBeNull()
  })

  it('is off by default: the first subscription starts paid', async () => {
    const billing = await billingWith({})
    const subscription = await subscribeThrough(await openCheckout(billing, 'acct_no_trial'))
    expect(subscription.status).toBe('active')
    expect(subscription.trial_end).toBeNull()
  })

  it.each([0, -3, 1.5, 731, Number.NaN, '14'])('refuses %s at createBilling with a message naming it', async (days) => {
    const { createBilling } = await import('../create-billing.js')
    expect(() => createBilling({ ...h.billing.options, checkout: { trialDays: days as number } })).toThrow(
      /checkout\.trialDays must be a whole number of days from 1 to 730/,
    )
  })
})

describe('a plan’s own trialDays', () => {
  it('gives that plan its own trial, over checkout.trialDays', async () => {
    const billing = await billingWith({ trialDays: 14 }, { [priceId]: { name: 'Team', trialDays: 30 } })
    const subscription = await subscribeThrough(await openCheckout(billing, 'acct_plan_trial'))
    expect(subscription.status).toBe('trialing')
    expect((subscription.trial_end ?? 0) - (subscription.trial_start ?? 0)).toBe(30 * day)
  })

  it('null starts that plan paid, while the other plans keep checkout.trialDays', async () => {
    const other = (await createMonthlyPrice(h.stripe, 'Solo', 900)).id
    const plans = { [priceId]: { name: 'Team', trialDays: null }, [other]: { name: 'Solo' } }
    const billing = await billingWith({ trialDays: 14 }, plans)
    const team = await subscribeThrough(await openCheckout(billing, 'acct_no_team_trial'))
    expect(team).toMatchObject({ status: 'active', trial_end: null })
    const solo = await subscribeThrough(await openCheckout(billing, 'acct_solo_trial', other))
    expect((solo.trial_end ?? 0) - (solo.trial_start ?? 0)).toBe(14 * day)
  })

  it('is offered once per account, like checkout.trialDays', async () => {
    const { subscription: earlier } = await subscribeAccount(h.stripe, 'acct_plan_trial_again')
    await h.stripe.subscriptions.cancel(earlier.id)
    const billing = await billingWith({}, { [priceId]: { name: 'Team', trialDays: 30 } })
    const subscription = await subscribeThrough(await openCheckout(billing, 'acct_plan_trial_again'))
    expect(subscription).toMatchObject({ status: 'active', trial_end: null })
  })

  it.each([0, 1.5, 731, '30'])('refuses %s at createBilling, naming the plan', async (days) => {
    const { createBilling } = await import('../create-billing.js')
    const plans = { price_team: { name: 'Team', trialDays: days as number } }
    expect(() => createBilling({ ...h.billing.options, plans })).toThrow(
      /plans\["price_team"\]\.trialDays must be a whole number of days from 1 to 730, or null/,
    )
  })
})

describe('checkout.allowPromotionCodes', () => {
  it('shows Checkout’s promotion code field when on, and not by default', async () => {
    const withCodes = await openCheckout(await billingWith({ allowPromotionCodes: true }), 'acct_with_codes')
    expect(withCodes.allow_promotion_codes).toBe(true)
    const withoutCodes = await openCheckout(await billingWith({}), 'acct_without_codes')
    expect(withoutCodes.allow_promotion_codes).not.toBe(true)
  })

  it('takes a promotion code on the hosted page and bills the subscription with its discount', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 50, duration: 'forever' })
    const code = await h.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'HALF',
    })
    const session = await openCheckout(await billingWith({ allowPromotionCodes: true }), 'acct_half_price')
    const applied = await fetch(`${h.emulator.url}/c/pay/${session.id}/promotion-code`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ promotion_code: 'HALF' }),
    })
    expect(applied.status).toBeLessThan(400)
    const discounted = await h.stripe.checkout.sessions.retrieve(session.id)
    expect(discounted.discounts?.[0]?.promotion_code).toBe(code.id)
    const subscription = await subscribeThrough(session)
    const invoice = await h.stripe.invoices.retrieve(subscription.latest_invoice as string)
    expect(invoice.total).toBe(2450)
  })

  it('refuses a value that is not true or false at createBilling', async () => {
    const { createBilling } = await import('../create-billing.js')
    expect(() =>
      createBilling({ ...h.billing.options, checkout: { allowPromotionCodes: 'yes' as unknown as boolean } }),
    ).toThrow(/checkout\.allowPromotionCodes must be true or false/)
  })
})

describe('checkoutOfferParams', () => {
  const statuses = (...list: Stripe.Subscription.Status[]) => list.map((status) => ({ status }))

  it('offers the trial while the customer has had no subscription that started', async () => {
    const { checkoutOfferParams } = await import('./checkout-offers.js')
    const trial = { subscription_data: { trial_period_days: 7 } }
    expect(checkoutOfferParams({ trialDays: 7 }, [])).toEqual(trial)
    // Checkout that expired unpaid never started a subscription.
    expect(checkoutOfferParams({ trialDays: 7 }, statuses('incomplete_expired'))).toEqual(trial)
    for (const status of ['canceled', 'active', 'past_due', 'unpaid', 'paused', 'trialing', 'incomplete'] as const) {
      expect(checkoutOfferParams({ trialDays: 7 }, statuses('incomplete_expired', status)), status).toEqual({
        subscription_data: {},
      })
    }
  })

  it('adds the promotion code field only when asked', async () => {
    const { checkoutOfferParams } = await import('./checkout-offers.js')
    expect(checkoutOfferParams({ allowPromotionCodes: true }, [])).toEqual({
      allow_promotion_codes: true,
      subscription_data: {},
    })
    expect(checkoutOfferParams({ allowPromotionCodes: false }, [])).toEqual({ subscription_data: {} })
    expect(checkoutOfferParams(undefined, [])).toEqual({ subscription_data: {} })
  })
})
