import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createBilling } from '../create-billing.js'
import {
  type BillingHarness,
  startBillingHarness,
  stripeClientFor,
  subscribeAccount,
} from '../testing/billing-harness.js'

// Stripe as seen through a proxy that records every call and can fail from the nth subscription
// list call on: with 429 (Stripe-Should-Retry: true, so the SDK backs off and retries), or as if
// Stripe went down (the connection is dropped).
let h: BillingHarness
let proxy: Server
let proxyUrl: string
const calls: string[] = []
const listCallTimes: number[] = []
/** From the nth list call on, `times` of them (default all) are refused or dropped. */
let failFromListCall: { n: number; how: 'rate-limited' | 'down'; times?: number } | null = null

beforeAll(async () => {
  h = await startBillingHarness()
  proxy = createServer(async (req, res) => {
    const path = req.url ?? '/'
    calls.push(`${req.method} ${decodeURIComponent(path)}`)
    const listCalls = calls.filter((c) => c.startsWith('GET /v1/subscriptions?')).length
    if (path.startsWith('/v1/subscriptions?')) listCallTimes.push(performance.now())
    const failing = failFromListCall
    if (
      failing &&
      path.startsWith('/v1/subscriptions?') &&
      listCalls >= failing.n &&
      listCalls < failing.n + (failing.times ?? Number.POSITIVE_INFINITY)
    ) {
      if (failing.how === 'down') return req.socket.destroy()
      res.writeHead(429, { 'content-type': 'application/json', 'stripe-should-retry': 'true' })
      return res.end(
        JSON.stringify({ error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' } }),
      )
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const upstream = await fetch(`${h.emulator.url}${path}`, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host')) as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    })
    res.writeHead(upstream.status, { 'content-type': 'application/json' })
    res.end(await upstream.text())
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`

  // 250 subscriptions of 250 customers: active, canceled and past_due, copied in the emulator's
  // state from real ones (creating each through the API would only slow the test down).
  const templates = [
    await subscribeAccount(h.stripe, 'acct_template_active'),
    await subscribeAccount(h.stripe, 'acct_template_canceled'),
    await subscribeAccount(h.stripe, 'acct_template_past_due'),
  ]
  await h.stripe.subscriptions.cancel(templates[1]!.subscription.id)
  const state = h.emulator.emulator.state
  for (let i = 0; i < 247; i++) {
    const template = templates[i % 3]!
    const customer = structuredClone(state.find('customer', template.customer.id)!)
    customer.id = `cus_clone${String(i).padStart(4, '0')}`
    customer.metadata = { accountId: `acct_clone_${i}` }
    state.insert(customer)
    const subscription = structuredClone(state.find('subscription', template.subscription.id)!)
    subscription.id = `sub_clone${String(i).padStart(4, '0')}`
    subscription.customer = customer.id
    if (i % 3 === 2) subscription.status = 'past_due'
    state.insert(subscription)
  }
}, 60_000)
afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve))
  await h.close()
})
afterEach(() => {
  failFromListCall = null
  calls.length = 0
  listCallTimes.length = 0
})

function billingThroughProxy(maxNetworkRetries: number, reconcileRequestsPerSecond = 1000) {
  const stripe = stripeClientFor(proxyUrl, { maxNetworkRetries })
  return createBilling({ ...h.billing.options, stripe, reconcileRequestsPerSecond })
}

describe('reconcile of 250 subscriptions', () => {
  it('lists them with status=all in ceil(250/100) calls, with their customers, and makes no other call', async () => {
    const report = await billingThroughProxy(0).api.reconcile()
    expect(report.subscriptionsSeen).toBe(250)
    expect(calls).toHaveLength(3)
    for (const call of calls) {
      expect(call).toMatch(/^GET \/v1\/subscriptions\?/)
      expect(call).toContain('status=all')
      expect(call).toContain('limit=100')
      expect(call).toContain('expand[0]=data.customer')
    }
    expect(report.customersLinked).toBe(250)
    expect((await h.billing.api.getStatus('acct_clone_1')).subscription?.status).toBe('canceled')
    expect((await h.billing.api.getStatus('acct_clone_2')).subscription?.status).toBe('past_due')
    expect((await h.billing.api.getStatus('acct_clone_3')).access).toBe('full')
  })

  it('starts at most reconcileRequestsPerSecond list calls a second', async () => {
    // Timed where the SDK sends each call, not where the proxy receives it: the pace is of starts, and the
    // loopback's delivery under load (12 ms seen in CI) is no part of it.
    const startTimes: number[] = []
    const stripe = stripeClientFor(proxyUrl, { maxNetworkRetries: 0 })
    stripe.on('request', (request: { path: string }) => {
      if (request.path.startsWith('/v1/subscriptions')) startTimes.push(performance.now())
    })
    const billing = createBilling({ ...h.billing.options, stripe, reconcileRequestsPerSecond: 1 })
    const report = await billing.api.reconcile()
    expect(report.subscriptionsSeen).toBe(250)
    expect(listCallTimes).toHaveLength(3)
    expect(startTimes).toHaveLength(3)
    // One a second: each call at least a second after the one before (a little slack for timer rounding).
    expect(startTimes[1]! - startTimes[0]!).toBeGreaterThanOrEqual(990)
    expect(startTimes[2]! - startTimes[1]!).toBeGreaterThanOrEqual(990)
  })

  it('retries a burst of 429s with the SDK’s backoff and completes, marking every customer synced', async () => {
    const before = await syncTimes()
    failFromListCall = { n: 2, how: 'rate-limited', times: 2 }
    const report = await billingThroughProxy(2).api.reconcile()
    expect(report.subscriptionsSeen).toBe(250)
    // The first page, the second refused twice then served, the third.
    expect(calls.filter((c) => c.startsWith('GET /v1/subscriptions?'))).toHaveLength(5)
    const after = await syncTimes()
    expect(after.every((t, i) => t !== null && t > (before[i] ?? 0))).toBe(true)
  })

  it('is reported as failed, with no customer marked synced, when Stripe goes down mid-way', async () => {
    const before = await syncTimes()
    failFromListCall = { n: 2, how: 'down' }
    await expect(billingThroughProxy(1).api.reconcile()).rejects.toMatchObject({ code: 'stripe_unavailable' })
    expect(calls.filter((c) => c.startsWith('GET /v1/subscriptions?')).length).toBeGreaterThanOrEqual(2)
    expect(await syncTimes()).toEqual(before)
  })

  it('backs off on 429 with the SDK retries, and past them answers the cron 502 with nothing marked done', async () => {
    const before = await syncTimes()
    failFromListCall = { n: 2, how: 'rate-limited' }
    const cron = createBilling({ ...billingThroughProxy(2).options, cronSecret: 's3cret' })
    const answer = await cron.handler(
      new Request('https://app.example/api/billing/cron/reconcile', { headers: { authorization: 'Bearer s3cret' } }),
    )
    expect(answer.status).toBe(502)
    expect((await answer.json()).error.code).toBe('stripe_unavailable')
    // The first page, then the second refused three times: the call and the SDK's two retries.
    expect(calls.filter((c) => c.startsWith('GET /v1/subscriptions?'))).toHaveLength(4)
    expect(await syncTimes()).toEqual(before)
  })
})

/** Each clone customer's sync time (ms), or null. */
async function syncTimes(): Promise<(number | null)[]> {
  const times: (number | null)[] = []
  for (let i = 0; i < 247; i++) {
    const customer = await h.store.findCustomer(`cus_clone${String(i).padStart(4, '0')}`)
    times.push(customer?.syncedAt?.getTime() ?? null)
  }
  return times
}
