import { describe, expect, it } from 'vitest'
import { renewalDiscounts } from './renewal-discounts.js'
import type { StripeCouponLike, StripeDiscountLike, StripeSubscriptionLike } from './stripe-subscription-like.js'

const sec = (iso: string) => Date.parse(iso) / 1000

function coupon(overrides: Partial<StripeCouponLike> = {}): StripeCouponLike {
  return {
    id: 'WELCOME',
    name: 'Welcome offer',
    percent_off: 20,
    amount_off: null,
    currency: null,
    duration: 'forever',
    ...overrides,
  }
}

function discount(id: string, couponOverrides: Partial<StripeCouponLike> = {}, end: string | null = null) {
  return {
    id,
    start: sec('2026-10-01T00:00:00Z'),
    end: end === null ? null : sec(end),
    source: { coupon: coupon(couponOverrides) },
  } satisfies StripeDiscountLike
}

function subscription(
  discounts: StripeSubscriptionLike['discounts'],
  overrides: Partial<StripeSubscriptionLike> = {},
): StripeSubscriptionLike {
  return {
    id: 'sub_1',
    status: 'active',
    created: sec('2026-10-01T00:00:00Z'),
    cancel_at_period_end: false,
    cancel_at: null,
    trial_end: null,
    discounts,
    items: {
      data: [
        {
          quantity: 3,
          current_period_start: sec('2026-11-01T00:00:00Z'),
          current_period_end: sec('2026-12-01T00:00:00Z'),
          price: {
            id: 'price_pro',
            product: 'prod_pro',
            unit_amount: 2900,
            currency: 'usd',
            recurring: { interval: 'month' },
          },
        },
      ],
    },
    ...overrides,
  }
}

describe('given a subscription without discounts', () => {
  it('costs the unit price times the quantity each period', () => {
    expect(renewalDiscounts(subscription([]))).toEqual({ discounts: [], periodAmount: 8700 })
  })

  it('has no period amount when the price follows usage', () => {
    const sub = subscription([])
    const item = sub.items.data[0]!
    sub.items = { data: [{ ...item, price: { ...item.price, unit_amount: null } }] }
    expect(renewalDiscounts(sub).periodAmount).toBeNull()
  })
})

describe('given a percentage coupon', () => {
  it('takes its share of every period while it runs forever', () => {
    expect(renewalDiscounts(subscription([discount('di_1')]))).toEqual({
      discounts: [
        {
          id: 'di_1',
          name: 'Welcome offer',
          percentOff: 20,
          amountOff: null,
          duration: 'forever',
          end: null,
        },
      ],
      periodAmount: 6960,
    })
  })

  it('counts a repeating one while it ends after the next renewal', () => {
    const running = discount('di_1', { duration: 'repeating' }, '2027-01-01T00:00:00Z')
    expect(renewalDiscounts(subscription([running]))).toMatchObject({
      discounts: [{ id: 'di_1', duration: 'repeating', end: '2027-01-01T00:00:00.000Z' }],
      periodAmount: 6960,
    })
  })

  it('leaves out a repeating one that ends at or before the next renewal', () => {
    const ending = discount('di_1', { duration: 'repeating' }, '2026-12-01T00:00:00Z')
    expect(renewalDiscounts(subscription([ending]))).toEqual({ discounts: [], periodAmount: 8700 })
  })
})

describe('given an amount-off coupon', () => {
  it('takes its amount in the plan currency, never more than the period costs', () => {
    const fiveOff = discount('di_1', { percent_off: null, amount_off: 500, currency: 'usd' })
    expect(renewalDiscounts(subscription([fiveOff]))).toMatchObject({
      discounts: [{ percentOff: null, amountOff: 500 }],
      periodAmount: 8200,
    })
    const huge = discount('di_1', { percent_off: null, amount_off: 100_000, currency: 'usd' })
    expect(renewalDiscounts(subscription([huge])).periodAmount).toBe(0)
  })

  it("takes the coupon's amount for the plan currency from its currency options", () => {
    const multi = discount('di_1', {
      percent_off: null,
      amount_off: 500,
      currency: 'eur',
      currency_options: { usd: { amount_off: 600 } },
    })
    expect(renewalDiscounts(subscription([multi]))).toMatchObject({
      discounts: [{ amountOff: 600 }],
      periodAmount: 8100,
    })
  })

  it('leaves out an amount in another currency, which Stripe does not apply', () => {
    const euros = discount('di_1', { percent_off: null, amount_off: 500, currency: 'eur' })
    expect(renewalDiscounts(subscription([euros]))).toEqual({ discounts: [], periodAmount: 8700 })
  })
})

describe('given several discounts', () => {
  it('applies each to what the previous ones left, in order', () => {
    const percent = discount('di_1')
    const amount = discount('di_2', { id: 'FIVE', name: null, percent_off: null, amount_off: 500, currency: 'usd' })
    const result = renewalDiscounts(subscription([percent, amount]))
    expect(result.periodAmount).toBe(8700 - 1740 - 500)
    expect(result.discounts.map((d) => [d.id, d.name])).toEqual([
      ['di_1', 'Welcome offer'],
      ['di_2', null],
    ])
  })
})

describe('given a once coupon', () => {
  it('leaves it out once the invoice that started the current period used it', () => {
    const once = discount('di_1', { duration: 'once' })
    expect(renewalDiscounts(subscription([once])).discounts).toEqual([])
  })

  it('counts it when it was added during the current period', () => {
    const once = { ...discount('di_1', { duration: 'once' }), start: sec('2026-11-10T00:00:00Z') }
    expect(renewalDiscounts(subscription([once]))).toMatchObject({
      discounts: [{ duration: 'once' }],
      periodAmount: 6960,
    })
  })

  it('counts it through a trial, whose invoice charged nothing', () => {
    const once = discount('di_1', { duration: 'once' })
    const trialing = subscription([once], { status: 'trialing', trial_end: sec('2026-12-01T00:00:00Z') })
    expect(renewalDiscounts(trialing).periodAmount).toBe(6960)
  })
})

describe('given discounts the subscription does not fully describe', () => {
  it('ignores discount ids, as payload webhooks carry them', () => {
    expect(renewalDiscounts(subscription(['di_1']))).toEqual({ discounts: [], periodAmount: 8700 })
  })

  it('ignores a discount whose coupon is not expanded', () => {
    const bare = { ...discount('di_1'), source: { coupon: 'WELCOME' } }
    expect(renewalDiscounts(subscription([bare]))).toEqual({ discounts: [], periodAmount: 8700 })
  })

  it('reads the coupon of API versions before 2025-09-30, which expanded it on the discount', () => {
    const { source: _source, ...old } = discount('di_1')
    expect(renewalDiscounts(subscription([{ ...old, coupon: coupon() }])).periodAmount).toBe(6960)
  })

  it("leaves out a coupon limited to other products than the plan's", () => {
    const other = discount('di_1', { applies_to: { products: ['prod_other'] } })
    const mine = discount('di_2', { applies_to: { products: ['prod_pro'] } })
    expect(renewalDiscounts(subscription([other, mine])).discounts.map((d) => d.id)).toEqual(['di_2'])
  })
})
