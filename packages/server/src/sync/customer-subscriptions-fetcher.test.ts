import { type RunningEmulator, startEmulator } from '@portal-kit/stripe-emulator'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stripeClientFor, subscribeAccount } from '../testing/billing-harness.js'
import { CustomerSubscriptionsFetcher } from './customer-subscriptions-fetcher.js'

let emulator: RunningEmulator
let listCalls = 0
let stripe: Stripe

beforeAll(async () => {
  emulator = await startEmulator()
  stripe = stripeClientFor(emulator.url, {
    httpClient: Stripe.createFetchHttpClient(async (input, init) => {
      if (String(input).includes('/v1/subscriptions?')) listCalls++
      return fetch(input, init)
    }),
  })
})
afterAll(() => emulator.close())

describe('CustomerSubscriptionsFetcher', () => {
  it('serves ten concurrent hints for one customer with at most two reads from Stripe', async () => {
    const { customer, subscription } = await subscribeAccount(stripe, 'acct_coalesce')
    const fetcher = new CustomerSubscriptionsFetcher(() => stripe)
    listCalls = 0
    const results = await Promise.all(Array.from({ length: 10 }, () => fetcher.fetch(customer.id)))
    expect(listCalls).toBeLessThanOrEqual(2)
    expect(listCalls).toBeGreaterThanOrEqual(1)
    for (const r of results) expect(r.subscriptions.map((s) => s.id)).toEqual([subscription.id])
  })

  it('reads again for a hint that arrives while a read is running, so a change in between is seen', async () => {
    const { customer, subscription } = await subscribeAccount(stripe, 'acct_coalesce_2')
    const fetcher = new CustomerSubscriptionsFetcher(() => stripe)
    const first = fetcher.fetch(customer.id)
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    const second = fetcher.fetch(customer.id)
    expect((await first).subscriptions[0]?.cancel_at_period_end).toBe(false)
    expect((await second).subscriptions[0]?.cancel_at_period_end).toBe(true)
    expect((await second).startedAt).toBeGreaterThanOrEqual((await first).startedAt)
  })

  it('keeps separate customers separate', async () => {
    const a = await subscribeAccount(stripe, 'acct_sep_a')
    const b = await subscribeAccount(stripe, 'acct_sep_b')
    const fetcher = new CustomerSubscriptionsFetcher(() => stripe)
    const [ra, rb] = await Promise.all([fetcher.fetch(a.customer.id), fetcher.fetch(b.customer.id)])
    expect(ra.subscriptions.map((s) => s.id)).toEqual([a.subscription.id])
    expect(rb.subscriptions.map((s) => s.id)).toEqual([b.subscription.id])
  })
})
