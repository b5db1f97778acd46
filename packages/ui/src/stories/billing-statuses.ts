import { type BillingStatus, deriveBillingStatus, type StripeSubscriptionLike } from '@portal-kit/core'

/** Every story and test sees the same "now", so dates and grace windows never drift. */
export const storyNow = Date.parse('2026-11-21T12:00:00Z')
const seconds = (iso: string) => Date.parse(iso) / 1000

/** A Stripe-shaped subscription as the API returns it (2025+ versions: period dates on the items). */
function stripeSubscription(overrides: Partial<StripeSubscriptionLike> = {}): StripeSubscriptionLike {
  return {
    id: 'sub_1QpRoAcme',
    status: 'active',
    created: seconds('2026-03-01T09:30:00Z'),
    cancel_at_period_end: false,
    cancel_at: null,
    trial_end: null,
    ended_at: null,
    items: {
      data: [
        {
          quantity: 1,
          current_period_start: seconds('2026-11-01T09:30:00Z'),
          current_period_end: seconds('2026-12-01T09:30:00Z'),
          price: {
            id: 'price_pro_monthly',
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

/** Twelve seats of a yearly team plan at €192.00 each. */
const teamYearlyItems: StripeSubscriptionLike['items'] = {
  data: [
    {
      quantity: 12,
      current_period_start: seconds('2026-02-14T09:30:00Z'),
      current_period_end: seconds('2027-02-14T09:30:00Z'),
      price: {
        id: 'price_team_yearly',
        product: { id: 'prod_team', name: 'Team' },
        unit_amount: 19200,
        currency: 'eur',
        recurring: { interval: 'year', interval_count: 1 },
      },
    },
  ],
}

function derive(
  subscription: StripeSubscriptionLike | null,
  extra: { pastDueSince?: string; paymentActionRequired?: boolean; hasDefaultPaymentMethod?: boolean } = {},
): BillingStatus {
  return deriveBillingStatus(
    { customerId: 'cus_RkAcme', subscription, syncedAt: '2026-11-21T11:58:00Z', ...extra },
    storyNow,
  )
}

export const billingStatuses = {
  active: derive(stripeSubscription()),
  team: derive(
    stripeSubscription({
      items: teamYearlyItems,
    }),
  ),
  discounted: derive(
    stripeSubscription({
      discounts: [
        {
          id: 'di_1QpRoWelcome',
          start: seconds('2026-10-01T09:30:00Z'),
          end: seconds('2027-01-01T09:30:00Z'),
          source: {
            coupon: {
              id: 'WELCOME20',
              name: 'Welcome 20%',
              percent_off: 20,
              amount_off: null,
              currency: null,
              duration: 'repeating',
            },
          },
        },
      ],
    }),
  ),
  discountedTeam: derive(
    stripeSubscription({
      items: teamYearlyItems,
      discounts: [
        {
          id: 'di_1QpRoPartner',
          start: seconds('2026-11-02T10:00:00Z'),
          end: null,
          source: {
            coupon: {
              id: 'PARTNER-CREDIT',
              name: 'Partner programme loyalty credit for early adopters',
              percent_off: null,
              amount_off: 25000,
              currency: 'eur',
              duration: 'once',
            },
          },
        },
        {
          id: 'di_1QpRoNonprofit',
          start: seconds('2026-02-14T09:30:00Z'),
          end: null,
          source: {
            coupon: { id: 'NONPROFIT', percent_off: 12.5, amount_off: null, currency: null, duration: 'forever' },
          },
        },
      ],
    }),
  ),
  usageBased: derive(
    stripeSubscription({
      items: {
        data: [
          {
            quantity: 1,
            current_period_start: seconds('2026-11-01T09:30:00Z'),
            current_period_end: seconds('2026-12-01T09:30:00Z'),
            price: {
              id: 'price_api_metered',
              product: { id: 'prod_api', name: 'API' },
              unit_amount: null,
              currency: 'usd',
              recurring: { interval: 'month', interval_count: 1 },
            },
          },
        ],
      },
    }),
  ),
  trialing: derive(stripeSubscription({ status: 'trialing', trial_end: seconds('2026-12-05T09:30:00Z') })),
  trialEnding: derive(stripeSubscription({ status: 'trialing', trial_end: seconds('2026-11-23T09:30:00Z') })),
  trialEndingWithoutCard: derive(
    stripeSubscription({ status: 'trialing', trial_end: seconds('2026-11-23T09:30:00Z') }),
    {
      hasDefaultPaymentMethod: false,
    },
  ),
  cancelingByFlag: derive(stripeSubscription({ cancel_at_period_end: true })),
  cancelingByCancelAt: derive(stripeSubscription({ cancel_at: seconds('2026-12-15T00:00:00Z') })),
  pastDueInGrace: derive(stripeSubscription({ status: 'past_due' }), { pastDueSince: '2026-11-19T09:30:00Z' }),
  pastDueReadOnly: derive(stripeSubscription({ status: 'past_due' }), { pastDueSince: '2026-11-01T09:30:00Z' }),
  unpaid: derive(stripeSubscription({ status: 'unpaid' }), { pastDueSince: '2026-10-20T09:30:00Z' }),
  actionRequired: derive(stripeSubscription({ status: 'past_due' }), {
    pastDueSince: '2026-11-20T09:30:00Z',
    paymentActionRequired: true,
  }),
  canceled: derive(stripeSubscription({ status: 'canceled', ended_at: seconds('2026-11-10T09:30:00Z') })),
  paused: derive(stripeSubscription({ status: 'paused' })),
  noSubscription: derive(null),
} satisfies Record<string, BillingStatus>
