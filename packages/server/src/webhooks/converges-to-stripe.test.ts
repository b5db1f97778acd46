import fc from 'fast-check'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness, subscribeAccount } from '../testing/billing-harness.js'
import { testStores } from '../testing/test-stores.js'

const hour = 3600
const day = 86_400

type Step =
  | { kind: 'cancelAtPeriodEnd'; value: boolean }
  | { kind: 'cancelAt'; days: number | null }
  | { kind: 'switchPrice' }
  | { kind: 'quantity'; value: number }
  | { kind: 'card'; failing: boolean }
  | { kind: 'advance'; days: number }
  | { kind: 'cancelNow' }
  | { kind: 'payOpen' }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('cancelAtPeriodEnd' as const), value: fc.boolean() }),
  fc.record({
    kind: fc.constant('cancelAt' as const),
    days: fc.option(fc.integer({ min: 2, max: 50 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('switchPrice' as const) }),
  fc.record({ kind: fc.constant('quantity' as const), value: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('card' as const), failing: fc.boolean() }),
  fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 35 }) }),
  fc.record({ kind: fc.constant('cancelNow' as const) }),
  fc.record({ kind: fc.constant('payOpen' as const) }),
)

/** Delivery plan: each event sent 1 to 3 times, all shuffled. */
const deliveryPlan = fc.record({
  copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 200, maxLength: 200 }),
  seed: fc.integer(),
})

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items]
  let s = seed >>> 0 || 1
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x6d2b79f5) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

function comparable(sub: Stripe.Subscription) {
  const item = sub.items.data[0]
  return {
    id: sub.id,
    status: sub.status,
    cancel_at_period_end: sub.cancel_at_period_end,
    cancel_at: sub.cancel_at,
    price: item?.price.id,
    quantity: item?.quantity,
    current_period_end: item?.current_period_end,
  }
}

const modes = testStores().flatMap((store) => (['fetch', 'payload'] as const).map((sync) => ({ store, sync })))

describe.each(modes)(
  'on $store.name in $sync mode, random lifecycles delivered shuffled with duplicates',
  ({ store: testStore, sync }) => {
    let h: BillingHarness
    let dispose: () => Promise<void>
    let run = 0
    beforeAll(async () => {
      const created = await testStore.create()
      dispose = created.dispose
      h = await startBillingHarness({ sync, store: created.store })
    })
    afterAll(async () => {
      await h.close()
      await dispose()
    })

    it('end with the store equal to Stripe’s truth', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), deliveryPlan, async (steps, plan) => {
          run++
          const accountId = `acct_prop_${testStore.name}_${sync}_${run}`
          const start = Math.floor(Date.now() / 1000) - 200 * day
          const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: start })
          let now = start
          const first = h.emittedEvents().length
          const { customer, subscription, price } = await subscribeAccount(h.stripe, accountId, { testClock: clock.id })
          const other = await h.stripe.prices.create({
            product: price.product as string,
            unit_amount: 4900,
            currency: 'usd',
            recurring: { interval: 'month' },
          })
          const tick = async (seconds: number) => {
            now += seconds
            await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: now })
          }
          for (const s of steps) {
            // Each step happens at least an hour after the last, so payload-mode events have distinct times.
            await tick(hour)
            await applyStep(h.stripe, s, {
              customerId: customer.id,
              subscriptionId: subscription.id,
              prices: [price.id, other.id],
              tick,
              now: () => now,
            })
          }
          const events = h.emittedEvents().slice(first)
          const deliveries = shuffle(
            events.flatMap((e, i) => Array.from({ length: plan.copies[i % plan.copies.length] as number }, () => e)),
            plan.seed,
          )
          for (const event of deliveries) {
            const res = await h.billing.handler(h.signedWebhook(JSON.stringify(event)))
            expect(res.status).toBe(200)
          }
          const truth = (await h.stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.map(
            comparable,
          )
          const stored = (await h.store.listSubscriptions(customer.id)).map((r) => comparable(r.subscription))
          expect(stored).toEqual(truth)
          const status = await h.billing.api.getStatus(accountId)
          expect(status.subscription?.status).toBe(truth[0]?.status)
        }),
        { numRuns: 12 },
      )
    })
  },
)

async function applyStep(
  stripe: Stripe,
  s: Step,
  ctx: {
    customerId: string
    subscriptionId: string
    prices: string[]
    tick: (seconds: number) => Promise<void>
    now: () => number
  },
): Promise<void> {
  const sub = await stripe.subscriptions.retrieve(ctx.subscriptionId)
  const ended = sub.status === 'canceled' || sub.status === 'incomplete_expired'
  try {
    switch (s.kind) {
      case 'cancelAtPeriodEnd':
        if (!ended) await stripe.subscriptions.update(sub.id, { cancel_at_period_end: s.value })
        return
      case 'cancelAt':
        if (!ended)
          await stripe.subscriptions.update(sub.id, { cancel_at: s.days === null ? '' : ctx.now() + s.days * day })
        return
      case 'switchPrice': {
        const item = sub.items.data[0] as Stripe.SubscriptionItem
        const next = ctx.prices.find((p) => p !== item.price.id) as string
        if (!ended)
          await stripe.subscriptions.update(sub.id, {
            items: [{ id: item.id, price: next }],
            proration_behavior: 'none',
          })
        return
      }
      case 'quantity': {
        const item = sub.items.data[0] as Stripe.SubscriptionItem
        if (!ended)
          await stripe.subscriptions.update(sub.id, {
            items: [{ id: item.id, quantity: s.value }],
            proration_behavior: 'none',
          })
        return
      }
      case 'card': {
        const pm = await stripe.paymentMethods.attach(s.failing ? 'pm_card_chargeCustomerFail' : 'pm_card_visa', {
          customer: ctx.customerId,
        })
        await stripe.customers.update(ctx.customerId, { invoice_settings: { default_payment_method: pm.id } })
        return
      }
      case 'advance':
        await ctx.tick(s.days * day)
        return
      case 'cancelNow':
        if (!ended) await stripe.subscriptions.cancel(sub.id)
        return
      case 'payOpen': {
        const open = await stripe.invoices.list({ customer: ctx.customerId, status: 'open' })
        for (const invoice of open.data) await stripe.invoices.pay(invoice.id).catch(() => undefined)
        return
      }
    }
  } catch (error) {
    // Stripe refuses some transitions (e.g. cancel_at on an incomplete subscription); a refusal changes nothing.
    if ((error as { type?: string }).type !== 'StripeInvalidRequestError') throw error
  }
}
