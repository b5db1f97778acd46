import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness, webhookSecret } from '../testing/billing-harness.js'

let h: BillingHarness
let payload: string

beforeAll(async () => {
  h = await startBillingHarness({ webhookSecret: ['whsec_new_secret', webhookSecret] })
})
afterAll(() => h.close())

beforeEach(async () => {
  const customer = await h.stripe.customers.create({ email: 'sig@example.com', metadata: { accountId: 'acct_sig' } })
  const event = h
    .emittedEvents()
    .find((e) => e.type === 'customer.created' && (e.data.object as { id: string }).id === customer.id)
  payload = JSON.stringify(event)
})

async function storedEvents(): Promise<number> {
  const status = await h.billing.api.getStatus('acct_sig')
  return status.customer ? 1 : 0
}

describe('given a webhook with a bad or missing signature', () => {
  it('answers 400 to a request without a Stripe-Signature header and changes nothing', async () => {
    const res = await h.billing.handler(
      new Request('https://app.example/api/billing/webhook', { method: 'POST', body: payload }),
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: { code: 'invalid_signature', message: 'Missing Stripe-Signature header.' },
    })
    expect(await storedEvents()).toBe(0)
  })

  it('answers 400 to a malformed header', async () => {
    const res = await h.billing.handler(
      new Request('https://app.example/api/billing/webhook', {
        method: 'POST',
        headers: { 'stripe-signature': 'this is not a signature' },
        body: payload,
      }),
    )
    expect(res.status).toBe(400)
    expect(await storedEvents()).toBe(0)
  })

  it('answers 400 to a signature made with the wrong secret', async () => {
    const res = await h.billing.handler(h.signedWebhook(payload, { secret: 'whsec_somebody_else' }))
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toBe('The webhook signature does not match.')
    expect(await storedEvents()).toBe(0)
  })

  it('answers 400 to a correctly signed but stale timestamp (older than 300 s)', async () => {
    const res = await h.billing.handler(h.signedWebhook(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }))
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toBe('The webhook timestamp is outside the tolerance window.')
    expect(await storedEvents()).toBe(0)
  })

  it('answers 413 to a body over 1 MiB without reading it all', async () => {
    const huge = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 1) })
    const res = await h.billing.handler(h.signedWebhook(huge))
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')
  })
})

describe('given body bytes other than the ones Stripe signed', () => {
  /** A request whose signature covers `signedText` but whose body is `bytes`. */
  function signedOver(signedText: string, bytes: Uint8Array<ArrayBuffer>): Request {
    const header = h.stripe.webhooks.generateTestHeaderString({ payload: signedText, secret: webhookSecret })
    return new Request('https://app.example/api/billing/webhook', {
      method: 'POST',
      headers: { 'stripe-signature': header, 'content-type': 'application/json' },
      body: bytes,
    })
  }

  it('answers 400 to invalid UTF-8 that a decoder would turn into the signed replacement character', async () => {
    const event = JSON.parse(payload) as { data: { object: { email: string } } }
    event.data.object.email = 'sig\uFFFD@example.com'
    const signedText = JSON.stringify(event)
    const bytes = new TextEncoder().encode(signedText)
    const at = bytes.indexOf(0xef)
    const sent = new Uint8Array([...bytes.subarray(0, at), 0xff, ...bytes.subarray(at + 3)])
    const res = await h.billing.handler(signedOver(signedText, sent))
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_signature')
    expect(await storedEvents()).toBe(0)
  })

  it('answers 400 to a byte order mark in front of the signed text', async () => {
    const sent = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(payload)])
    const res = await h.billing.handler(signedOver(payload, sent))
    expect(res.status).toBe(400)
    expect(await storedEvents()).toBe(0)
  })
})

describe('given a correctly signed webhook', () => {
  it('accepts the old secret during rotation and applies the event', async () => {
    const res = await h.billing.handler(h.signedWebhook(payload, { secret: webhookSecret }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ received: true, duplicate: false })
    expect(await storedEvents()).toBe(1)
  })

  it('accepts the new secret too', async () => {
    const res = await h.billing.handler(h.signedWebhook(payload, { secret: 'whsec_new_secret' }))
    expect(res.status).toBe(200)
  })
})
