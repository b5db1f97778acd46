import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { useEmulatorWithTeamPlan } from '../testing/emulator-with-team-plan.js'

const day = 86_400
/** 2030-01-20T09:30:00Z. */
const jan20 = Date.UTC(2030, 0, 20, 9, 30) / 1000
const feb1 = Date.UTC(2030, 1, 1) / 1000
/** Past the emulator's one-hour finalization grace, when a renewal's invoice has been charged. */
const afterGrace = 2 * 3600

describe('subscriptions.create with a billing cycle anchor', () => {
  const kit = useEmulatorWithTeamPlan()

  const customerAt = (frozenTime: number) =>
    customerOnTestClock(kit.stripe, { frozenTime, email: 'anchor@example.com' })

  /**
   * A new customer on a test clock at `frozenTime` (Jan 20 unless told), subscribed with `params` to Team (unless
   * they name other items), its first invoice expanded.
   */
  async function newSubscription(params: Partial<Stripe.SubscriptionCreateParams>, frozenTime = jan20) {
    const { clock, customer } = await customerAt(frozenTime)
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: kit.monthly.id }],
      expand: ['latest_invoice'],
      ...params,
    })
    return { clock, sub }
  }

  async function advance(clockId: string, to: number) {
    await kit.stripe.testHelpers.testClocks.advance(clockId, { frozen_time: to })
  }

  async function invoicesOf(subscriptionId: string): Promise<Stripe.Invoice[]> {
    const list = await kit.stripe.invoices.list({ subscription: subscriptionId, limit: 100 })
    return list.data.slice().reverse()
  }

  const period = (sub: Stripe.Subscription) => ({
    start: sub.items.data[0]?.current_period_start,
    end: sub.items.data[0]?.current_period_end,
  })

  it('charges the stretch up to the anchor pro rata, then bills whole months from the anchor', async () => {
    const { clock, sub } = await newSubscription({ billing_cycle_anchor: feb1 })
    expect(sub).toMatchObject({ status: 'active', billing_cycle_anchor: feb1, start_date: jan20 })
    expect(period(sub)).toEqual({ start: jan20, end: feb1 })
    const first = sub.latest_invoice as Stripe.Invoice
    // 11 days 14.5 hours of January's 31-day period ending at the anchor.
    const share = (feb1 - jan20) / (31 * day)
    expect(first).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_create',
      total: Math.round(3000 * share),
    })
    expect(first.lines.data).toHaveLength(1)
    expect(first.lines.data[0]).toMatchObject({
      amount: Math.round(3000 * share),
      description: 'Remaining time on Team after 20 Jan 2030',
      period: { start: jan20, end: feb1 },
    })

    await advance(clock.id, feb1 + afterGrace)
    const renewed = await kit.stripe.subscriptions.retrieve(sub.id)
    expect(period(renewed)).toEqual({ start: feb1, end: Date.UTC(2030, 2, 1) / 1000 })
    await advance(clock.id, Date.UTC(2030, 2, 1) / 1000 + afterGrace)
    const invoices = await invoicesOf(sub.id)
    expect(invoices.map((i) => [i.billing_reason, i.total, i.status])).toEqual([
      ['subscription_create', Math.round(3000 * share), 'paid'],
      ['subscription_cycle', 3000, 'paid'],
      ['subscription_cycle', 3000, 'paid'],
    ])
    expect(invoices[1]?.lines.data[0]?.period).toEqual({ start: feb1, end: Date.UTC(2030, 2, 1) / 1000 })
  })

  it('gives the stretch up to the anchor free with proration_behavior=none', async () => {
    const { clock, sub } = await newSubscription({
      billing_cycle_anchor: feb1,
      proration_behavior: 'none',
    })
    expect(sub.status).toBe('active')
    expect(period(sub)).toEqual({ start: jan20, end: feb1 })
    expect(sub.latest_invoice).toMatchObject({ total: 0, status: 'paid', billing_reason: 'subscription_create' })

    await advance(clock.id, feb1 + afterGrace)
    const invoices = await invoicesOf(sub.id)
    expect(invoices.map((i) => [i.total, i.status])).toEqual([
      [0, 'paid'],
      [3000, 'paid'],
    ])
  })

  it("takes the subscription's coupon off the stretch", async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 50, duration: 'once' })
    const { sub } = await newSubscription({
      billing_cycle_anchor: feb1,
      discounts: [{ coupon: coupon.id }],
    })
    const prorated = Math.round((3000 * (feb1 - jan20)) / (31 * day))
    expect(sub.latest_invoice).toMatchObject({ subtotal: prorated, total: prorated - Math.round(prorated / 2) })
  })

  it('sets the anchor from billing_cycle_anchor_config, keeping day 31 in months that have it', async () => {
    const feb10 = Date.UTC(2030, 1, 10, 9, 30) / 1000
    const { clock, sub } = await newSubscription(
      { billing_cycle_anchor_config: { day_of_month: 31, hour: 0, minute: 0, second: 0 } },
      feb10,
    )
    const feb28 = Date.UTC(2030, 1, 28) / 1000
    const mar31 = Date.UTC(2030, 2, 31) / 1000
    expect(sub.billing_cycle_anchor).toBe(feb28)
    expect(sub.billing_cycle_anchor_config).toEqual({ day_of_month: 31, hour: 0, minute: 0, month: null, second: 0 })
    expect(period(sub)).toEqual({ start: feb10, end: feb28 })

    await advance(clock.id, feb28 + afterGrace)
    expect(period(await kit.stripe.subscriptions.retrieve(sub.id))).toEqual({ start: feb28, end: mar31 })
    await advance(clock.id, mar31 + afterGrace)
    expect(period(await kit.stripe.subscriptions.retrieve(sub.id))).toEqual({
      start: mar31,
      end: Date.UTC(2030, 3, 30) / 1000,
    })
  })

  it("takes the time of day from the subscription's start when the config leaves it out", async () => {
    const { sub } = await newSubscription({ billing_cycle_anchor_config: { day_of_month: 1 } })
    expect(sub.billing_cycle_anchor).toBe(Date.UTC(2030, 1, 1, 9, 30) / 1000)
    expect(sub.billing_cycle_anchor_config).toEqual({
      day_of_month: 1,
      hour: null,
      minute: null,
      month: null,
      second: null,
    })
  })

  it('anchors a yearly price to a month and day', async () => {
    const yearly = await kit.stripe.prices.create({
      currency: 'usd',
      unit_amount: 36_500,
      recurring: { interval: 'year' },
      product_data: { name: 'Annual' },
    })
    const { sub } = await newSubscription({
      items: [{ price: yearly.id }],
      billing_cycle_anchor_config: { month: 7, day_of_month: 1, hour: 0, minute: 0, second: 0 },
    })
    const jul1 = Date.UTC(2030, 6, 1) / 1000
    expect(sub.billing_cycle_anchor).toBe(jul1)
    // The year ending at the anchor has 365 days.
    expect((sub.latest_invoice as Stripe.Invoice).total).toBe(Math.round((36_500 * (jul1 - jan20)) / (365 * day)))
  })

  it('starts the stretch to the anchor when a trial ends', async () => {
    const trialEnd = jan20 + 7 * day
    const { clock, sub } = await newSubscription({
      trial_end: trialEnd,
      billing_cycle_anchor: feb1,
    })
    expect(sub).toMatchObject({ status: 'trialing', billing_cycle_anchor: feb1, trial_end: trialEnd })
    expect(period(sub)).toEqual({ start: jan20, end: trialEnd })

    await advance(clock.id, trialEnd + afterGrace)
    const after = await kit.stripe.subscriptions.retrieve(sub.id)
    expect(after).toMatchObject({ status: 'active', billing_cycle_anchor: feb1 })
    expect(period(after)).toEqual({ start: trialEnd, end: feb1 })
    await advance(clock.id, feb1 + afterGrace)
    const invoices = await invoicesOf(sub.id)
    expect(invoices.map((i) => i.total)).toEqual([0, Math.round((3000 * (feb1 - trialEnd)) / (31 * day)), 3000])
  })

  it('bills a new subscription in a preview as create bills it', async () => {
    const { customer } = await customerAt(jan20)
    const preview = await kit.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: {
        items: [{ price: kit.monthly.id }],
        billing_cycle_anchor: { type: 'timestamp', timestamp: feb1 },
      },
    })
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: kit.monthly.id }],
      billing_cycle_anchor: feb1,
      expand: ['latest_invoice'],
    })
    expect(preview.total).toBe((sub.latest_invoice as Stripe.Invoice).total)
    expect(preview.lines.data[0]?.period).toEqual({ start: jan20, end: feb1 })
  })

  describe("refuses, with Stripe's errors", () => {
    async function refusal(params: Partial<Stripe.SubscriptionCreateParams>, price = kit.monthly.id) {
      const { customer } = await customerAt(jan20)
      const error = await kit.stripe.subscriptions
        .create({ customer: customer.id, items: [{ price }], ...params })
        .then(() => null)
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
      const { message, param, code } = error as Stripe.errors.StripeInvalidRequestError
      return { message, param, code }
    }

    it('an anchor that is not in the future', async () => {
      expect(await refusal({ billing_cycle_anchor: jan20 - day })).toMatchObject({
        message: 'Invalid timestamp: must be an integer Unix timestamp in the future.',
        param: 'billing_cycle_anchor',
      })
    })

    it('an anchor past the next natural billing date', async () => {
      const natural = Date.UTC(2030, 1, 20, 9, 30) / 1000
      expect(await refusal({ billing_cycle_anchor: natural + 1 })).toMatchObject({
        message: `billing_cycle_anchor cannot be later than next natural billing date (${natural}) for plan`,
        param: 'billing_cycle_anchor',
      })
    })

    it('an anchor before the trial ends', async () => {
      expect(await refusal({ billing_cycle_anchor: feb1, trial_end: feb1 + day })).toMatchObject({
        message: 'billing_cycle_anchor cannot be earlier than trial_end.',
        param: 'billing_cycle_anchor',
      })
    })

    it('both an anchor and its config', async () => {
      expect(
        await refusal({ billing_cycle_anchor: feb1, billing_cycle_anchor_config: { day_of_month: 1 } }),
      ).toMatchObject({ param: 'billing_cycle_anchor', code: 'parameters_exclusive' })
    })

    it('a config out of range, or on a price that is not monthly or yearly', async () => {
      expect(await refusal({ billing_cycle_anchor_config: { day_of_month: 32 } })).toMatchObject({
        param: 'billing_cycle_anchor_config[day_of_month]',
      })
      expect(await refusal({ billing_cycle_anchor_config: { day_of_month: 1, hour: 24 } })).toMatchObject({
        param: 'billing_cycle_anchor_config[hour]',
      })
      const weekly = await kit.stripe.prices.create({
        currency: 'usd',
        unit_amount: 500,
        recurring: { interval: 'week' },
        product_data: { name: 'Weekly' },
      })
      expect(await refusal({ billing_cycle_anchor_config: { day_of_month: 1 } }, weekly.id)).toMatchObject({
        param: 'billing_cycle_anchor_config',
      })
    })
  })
})
