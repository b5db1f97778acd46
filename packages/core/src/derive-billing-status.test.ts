import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SubscriptionStatus } from './billing-status.js'
import { deriveBillingStatus } from './derive-billing-status.js'
import type { StripeSubscriptionLike } from './stripe-subscription-like.js'

const now = Date.parse('2026-11-21T12:00:00Z')
const sec = (iso: string) => Date.parse(iso) / 1000

function subscription(overrides: Partial<StripeSubscriptionLike> = {}): StripeSubscriptionLike {
  return {
    id: 'sub_1',
    status: 'active',
    created: sec('2026-10-01T00:00:00Z'),
    cancel_at_period_end: false,
    cancel_at: null,
    trial_end: null,
    ended_at: null,
    items: {
      data: [
        {
          quantity: 3,
          current_period_start: sec('2026-11-01T00:00:00Z'),
          current_period_end: sec('2026-12-01T00:00:00Z'),
          price: {
            id: 'price_pro',
            product: { id: 'prod_pro', name: 'Pro' },
            unit_amount: 2900,
            currency: 'usd',
            nickname: null,
            recurring: { interval: 'month', interval_count: 1 },
          },
        },
      ],
    },
    ...overrides,
  }
}

describe('given no subscription', () => {
  it('grants no access and shows no notice', () => {
    const status = deriveBillingStatus({ customerId: 'cus_1', subscription: null }, now)
    expect(status).toMatchObject({ customer: { id: 'cus_1' }, subscription: null, access: 'none', notice: null })
  })

  it('reports no customer when the account has none yet', () => {
    expect(deriveBillingStatus({ customerId: null, subscription: null }, now).customer).toBeNull()
  })
})

describe('given an active subscription', () => {
  it('grants full access and reads the plan and the period end from the items', () => {
    const status = deriveBillingStatus({ customerId: 'cus_1', subscription: subscription() }, now)
    expect(status.access).toBe('full')
    expect(status.notice).toBeNull()
    expect(status.subscription).toEqual({
      id: 'sub_1',
      status: 'active',
      plan: {
        priceId: 'price_pro',
        productId: 'prod_pro',
        name: 'Pro',
        amount: 2900,
        currency: 'usd',
        interval: 'month',
      },
      quantity: 3,
      currentPeriodEnd: '2026-12-01T00:00:00.000Z',
      cancelAtPeriodEnd: false,
      cancelAt: null,
      trialEnd: null,
      pastDueSince: null,
      discounts: [],
      periodAmount: 8700,
    })
  })

  it('reports what a period costs after the discounts the next renewal takes', () => {
    const percentOff = {
      id: 'di_1',
      start: sec('2026-10-01T00:00:00Z'),
      end: sec('2027-01-01T00:00:00Z'),
      source: {
        coupon: {
          id: 'WELCOME',
          name: 'Welcome',
          percent_off: 20,
          amount_off: null,
          currency: null,
          duration: 'repeating',
        },
      },
    }
    const status = deriveBillingStatus(
      { customerId: 'c', subscription: subscription({ discounts: [percentOff] }) },
      now,
    )
    expect(status.subscription).toMatchObject({
      discounts: [{ id: 'di_1', name: 'Welcome', percentOff: 20, end: '2027-01-01T00:00:00.000Z' }],
      periodAmount: 6960,
    })
  })

  it('falls back to the subscription-level period end of older API versions', () => {
    const sub = subscription({ current_period_end: sec('2026-12-05T00:00:00Z') })
    sub.items = { data: [{ ...sub.items.data[0]!, current_period_end: null }] }
    const status = deriveBillingStatus({ customerId: 'cus_1', subscription: sub }, now)
    expect(status.subscription?.currentPeriodEnd).toBe('2026-12-05T00:00:00.000Z')
  })

  it('names the plan from planName, then the product, then the price nickname', () => {
    const named = deriveBillingStatus({ customerId: 'c', subscription: subscription(), planName: 'Team' }, now)
    expect(named.subscription?.plan.name).toBe('Team')
    const sub = subscription()
    const item = sub.items.data[0]!
    sub.items = { data: [{ ...item, price: { ...item.price, product: 'prod_x', nickname: 'Basic' } }] }
    const nick = deriveBillingStatus({ customerId: 'c', subscription: sub }, now)
    expect(nick.subscription?.plan).toMatchObject({ productId: 'prod_x', name: 'Basic' })
  })
})

describe('given a subscription that cancels at period end', () => {
  it('keeps full access with a canceling notice until the period end', () => {
    const status = deriveBillingStatus(
      { customerId: 'c', subscription: subscription({ cancel_at_period_end: true }) },
      now,
    )
    expect(status.access).toBe('full')
    expect(status.notice).toEqual({ kind: 'canceling', until: '2026-12-01T00:00:00.000Z', flow: null })
  })
})

describe('given a subscription with cancel_at set by the portal', () => {
  it('treats a future cancel_at like cancel_at_period_end', () => {
    const sub = subscription({ cancel_at: sec('2026-11-25T00:00:00Z') })
    const status = deriveBillingStatus({ customerId: 'c', subscription: sub }, now)
    expect(status.access).toBe('full')
    expect(status.subscription?.cancelAt).toBe('2026-11-25T00:00:00.000Z')
    expect(status.notice).toEqual({ kind: 'canceling', until: '2026-11-25T00:00:00.000Z', flow: null })
  })

  it('shows no canceling notice once cancel_at has passed', () => {
    const sub = subscription({ cancel_at: sec('2026-11-20T00:00:00Z') })
    expect(deriveBillingStatus({ customerId: 'c', subscription: sub }, now).notice).toBeNull()
  })
})

describe('given a trialing subscription', () => {
  it('grants full access and says nothing while the trial is far from its end', () => {
    const sub = subscription({ status: 'trialing', trial_end: sec('2026-12-01T00:00:00Z') })
    const status = deriveBillingStatus({ customerId: 'c', subscription: sub }, now)
    expect(status.access).toBe('full')
    expect(status.notice).toBeNull()
    expect(status.subscription?.trialEnd).toBe('2026-12-01T00:00:00.000Z')
  })

  it('raises trial_ending within three days of the end, pointing at the card form when no card is on file', () => {
    const sub = subscription({ status: 'trialing', trial_end: sec('2026-11-23T00:00:00Z') })
    const status = deriveBillingStatus({ customerId: 'c', subscription: sub, hasDefaultPaymentMethod: false }, now)
    expect(status.notice).toEqual({
      kind: 'trial_ending',
      until: '2026-11-23T00:00:00.000Z',
      flow: 'payment_method_update',
    })
    const withCard = deriveBillingStatus({ customerId: 'c', subscription: sub, hasDefaultPaymentMethod: true }, now)
    expect(withCard.notice?.flow).toBeNull()
  })

  it('honours a policy with a longer trial-ending window', () => {
    const sub = subscription({ status: 'trialing', trial_end: sec('2026-11-28T00:00:00Z') })
    expect(deriveBillingStatus({ customerId: 'c', subscription: sub }, now).notice).toBeNull()
    expect(deriveBillingStatus({ customerId: 'c', subscription: sub }, now, { trialEndingDays: 7 }).notice?.kind).toBe(
      'trial_ending',
    )
  })

  it('prefers the canceling notice when a trial is set to cancel', () => {
    const sub = subscription({ status: 'trialing', trial_end: sec('2026-11-22T00:00:00Z'), cancel_at_period_end: true })
    expect(deriveBillingStatus({ customerId: 'c', subscription: sub }, now).notice?.kind).toBe('canceling')
  })
})

describe('given a past_due subscription', () => {
  const pastDueSince = '2026-11-15T12:00:00.000Z'
  const graceEnd = Date.parse('2026-11-22T12:00:00Z')

  it('grants grace until pastDueSince plus seven days, with a payment_failed notice', () => {
    const status = deriveBillingStatus(
      { customerId: 'c', subscription: subscription({ status: 'past_due' }), pastDueSince },
      now,
    )
    expect(status.access).toBe('grace')
    expect(status.graceUntil).toBe('2026-11-22T12:00:00.000Z')
    expect(status.subscription?.pastDueSince).toBe(pastDueSince)
    expect(status.notice).toEqual({
      kind: 'payment_failed',
      until: '2026-11-22T12:00:00.000Z',
      flow: 'payment_method_update',
    })
  })

  it('is still in grace one second before the window closes', () => {
    const status = deriveBillingStatus(
      { customerId: 'c', subscription: subscription({ status: 'past_due' }), pastDueSince },
      graceEnd - 1000,
    )
    expect(status.access).toBe('grace')
  })

  it('is read-only one second after the window closes, and at the boundary itself', () => {
    const after = deriveBillingStatus(
      { customerId: 'c', subscription: subscription({ status: 'past_due' }), pastDueSince },
      graceEnd + 1000,
    )
    expect(after.access).toBe('read_only')
    expect(after.notice).toEqual({ kind: 'payment_failed', until: null, flow: 'payment_method_update' })
    const at = deriveBillingStatus(
      { customerId: 'c', subscription: subscription({ status: 'past_due' }), pastDueSince },
      graceEnd,
    )
    expect(at.access).toBe('read_only')
  })

  it('follows policy.graceDays, including no grace at all', () => {
    const input = { customerId: 'c', subscription: subscription({ status: 'past_due' }), pastDueSince }
    expect(deriveBillingStatus(input, now, { graceDays: 3 }).access).toBe('read_only')
    expect(deriveBillingStatus(input, now, { graceDays: 10 }).graceUntil).toBe('2026-11-25T12:00:00.000Z')
    expect(deriveBillingStatus(input, Date.parse(pastDueSince), { graceDays: 0 }).access).toBe('read_only')
  })

  it('starts the grace window at the failed renewal when no failure time was recorded', () => {
    const status = deriveBillingStatus({ customerId: 'c', subscription: subscription({ status: 'past_due' }) }, now)
    expect(status.subscription?.pastDueSince).toBe('2026-11-01T00:00:00.000Z')
    expect(status.access).toBe('read_only')
  })

  it('asks to confirm the payment when the invoice needs action', () => {
    const status = deriveBillingStatus(
      {
        customerId: 'c',
        subscription: subscription({ status: 'past_due' }),
        pastDueSince,
        paymentActionRequired: true,
      },
      now,
    )
    expect(status.notice?.kind).toBe('action_required')
    expect(status.access).toBe('grace')
  })

  it('rejects a negative grace period', () => {
    expect(() => deriveBillingStatus({ customerId: 'c', subscription: null }, now, { graceDays: -1 })).toThrow(
      RangeError,
    )
  })
})

describe.each([
  ['unpaid', 'read_only', 'payment_failed'],
  ['incomplete', 'read_only', 'payment_failed'],
  ['canceled', 'none', 'ended'],
  ['incomplete_expired', 'none', 'ended'],
  ['paused', 'none', null],
] as const)('given a %s subscription', (subStatus, access, noticeKind) => {
  it(`grants ${access} access${noticeKind ? ` with a ${noticeKind} notice` : ' and no notice'}`, () => {
    const status = deriveBillingStatus(
      { customerId: 'c', subscription: subscription({ status: subStatus, ended_at: sec('2026-11-10T00:00:00Z') }) },
      now,
    )
    expect(status.access).toBe(access)
    expect(status.notice?.kind ?? null).toBe(noticeKind)
    expect(status.graceUntil).toBeNull()
  })
})

describe('given a canceled subscription', () => {
  it('says when it ended', () => {
    const sub = subscription({ status: 'canceled', ended_at: sec('2026-11-10T00:00:00Z') })
    expect(deriveBillingStatus({ customerId: 'c', subscription: sub }, now).notice).toEqual({
      kind: 'ended',
      until: '2026-11-10T00:00:00.000Z',
      flow: null,
    })
  })
})

describe('given bad input', () => {
  it('names an unknown subscription status', () => {
    expect(() =>
      deriveBillingStatus({ customerId: 'c', subscription: subscription({ status: 'frozen' }) }, now),
    ).toThrow(/Unknown Stripe subscription status "frozen" on sub_1/)
  })

  it('names a subscription without items', () => {
    expect(() =>
      deriveBillingStatus({ customerId: 'c', subscription: subscription({ items: { data: [] } }) }, now),
    ).toThrow(/has no items/)
  })
})

describe('given Stripe’s own fixture subscription', () => {
  it('reads the period end from its items and gives full access while active', () => {
    const fixtures = JSON.parse(
      readFileSync(new URL('../../../fixtures/stripe/fixtures3.json', import.meta.url), 'utf8'),
    ) as { resources: { subscription: StripeSubscriptionLike; subscription_item: { current_period_end: number } } }
    const sub = {
      ...fixtures.resources.subscription,
      items: { data: [fixtures.resources.subscription_item] },
    } as unknown as StripeSubscriptionLike
    const status = deriveBillingStatus({ customerId: 'cus_fixture', subscription: sub }, now)
    expect(status.subscription?.status).toBe(sub.status)
    expect(status.subscription?.currentPeriodEnd).toBe(
      new Date(fixtures.resources.subscription_item.current_period_end * 1000).toISOString(),
    )
  })
})

const statuses: SubscriptionStatus[] = [
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'paused',
]

const arbitrarySubscription = fc.record({
  status: fc.constantFrom(...statuses),
  cancel_at_period_end: fc.boolean(),
  cancel_at: fc.option(fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }), { nil: null }),
  trial_end: fc.option(fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }), { nil: null }),
  period_end: fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }),
  quantity: fc.integer({ min: 1, max: 50 }),
  amount: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
})

function fromArbitrary(a: {
  status: string
  cancel_at_period_end: boolean
  cancel_at: number | null
  trial_end: number | null
  period_end: number
  quantity: number
  amount: number | null
}): StripeSubscriptionLike {
  const base = subscription({
    status: a.status,
    cancel_at_period_end: a.cancel_at_period_end,
    cancel_at: a.cancel_at,
    trial_end: a.trial_end,
  })
  const item = base.items.data[0]!
  base.items = {
    data: [
      {
        ...item,
        quantity: a.quantity,
        current_period_end: a.period_end,
        price: { ...item.price, unit_amount: a.amount },
      },
    ],
  }
  return base
}

describe('properties', () => {
  it('a canceled subscription never grants access', () => {
    fc.assert(
      fc.property(
        arbitrarySubscription,
        fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
        fc.option(fc.date({ noInvalidDate: true }), { nil: null }),
        (a, at, pastDueSince) => {
          const status = deriveBillingStatus(
            { customerId: 'c', subscription: fromArbitrary({ ...a, status: 'canceled' }), pastDueSince },
            at,
          )
          expect(status.access).toBe('none')
        },
      ),
    )
  })

  it('gives equal versions for equal input', () => {
    fc.assert(
      fc.property(arbitrarySubscription, fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }), (a, at) => {
        const first = deriveBillingStatus({ customerId: 'c', subscription: fromArbitrary(a) }, at)
        const second = deriveBillingStatus({ customerId: 'c', subscription: fromArbitrary(a) }, at)
        expect(second).toEqual(first)
      }),
    )
  })

  it('changes the version whenever any field of the status changes', () => {
    fc.assert(
      fc.property(
        arbitrarySubscription,
        arbitrarySubscription,
        fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }),
        fc.boolean(),
        (a, b, at, sameCustomer) => {
          const first = deriveBillingStatus({ customerId: 'c', subscription: fromArbitrary(a) }, at)
          const second = deriveBillingStatus(
            { customerId: sameCustomer ? 'c' : 'd', subscription: fromArbitrary(b) },
            at,
          )
          const { version: v1, ...rest1 } = first
          const { version: v2, ...rest2 } = second
          if (JSON.stringify(rest1) === JSON.stringify(rest2)) expect(v2).toBe(v1)
          else expect(v2).not.toBe(v1)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('changes the version when only syncedAt changes', () => {
    const a = deriveBillingStatus(
      { customerId: 'c', subscription: subscription(), syncedAt: '2026-11-21T00:00:00Z' },
      now,
    )
    const b = deriveBillingStatus(
      { customerId: 'c', subscription: subscription(), syncedAt: '2026-11-21T00:00:01Z' },
      now,
    )
    expect(a.version).not.toBe(b.version)
  })
})
