import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js'

const secret = 'whsec_test_controls'
let client: EmulatorClient
let receiver: WebhookReceiver
let respond: (n: number) => number | 'hang'

beforeEach(async () => {
  respond = () => 200
  receiver = await startWebhookReceiver(secret, (n) => respond(n))
  client = await startEmulatorClient({ webhookEndpoints: [{ url: receiver.url, secret }] })
})
afterEach(async () => {
  await client.close()
  await receiver.close()
})

async function control(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${client.running.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, contentType: res.headers.get('content-type'), json: (await res.json()) as unknown }
}

describe('GET /_emulator/health', () => {
  it('answers ok with the API version and URL', async () => {
    expect(await control('GET', '/_emulator/health')).toEqual({
      status: 200,
      contentType: 'application/json',
      json: { status: 'ok', apiVersion: client.running.emulator.apiVersion, url: client.running.url },
    })
  })
})

describe('POST /_emulator/reset', () => {
  it('clears objects, events, deliveries and the queue but keeps configured endpoints', async () => {
    await client.stripe.customers.create({ email: 'before-reset@example.com' })
    await client.running.emulator.webhooks.idle()
    expect(client.running.emulator.webhooks.deliveries()).toHaveLength(1)

    expect(await control('POST', '/_emulator/reset')).toMatchObject({ status: 200, json: { reset: true } })
    expect((await client.stripe.customers.list()).data).toEqual([])
    expect((await client.stripe.events.list()).data).toEqual([])
    expect((await control('GET', '/_emulator/deliveries')).json).toEqual({ object: 'list', data: [] })

    await client.stripe.customers.create()
    await client.running.emulator.webhooks.idle()
    expect(receiver.received).toHaveLength(2)
  })
})

describe('GET /_emulator/deliveries', () => {
  it('lists every attempt and filters by ?event= and ?type=', async () => {
    const c = await client.stripe.customers.create()
    await client.stripe.customers.update(c.id, { name: 'X' })
    await client.running.emulator.webhooks.idle()
    const [updated] = (await client.stripe.events.list({ type: 'customer.updated' })).data

    const all = (await control('GET', '/_emulator/deliveries')).json as { data: Array<{ eventType: string }> }
    expect(all.data.map((d) => d.eventType)).toEqual(['customer.created', 'customer.updated'])
    const byType = await control('GET', '/_emulator/deliveries?type=customer.updated')
    expect(byType.json).toEqual({
      object: 'list',
      data: [
        {
          eventId: updated?.id,
          eventType: 'customer.updated',
          url: receiver.url,
          endpointId: null,
          attempt: 1,
          status: 200,
          error: null,
          duplicate: false,
          at: expect.any(String),
        },
      ],
    })
    const byEvent = (await control('GET', `/_emulator/deliveries?event=${updated?.id}`)).json as { data: unknown[] }
    expect(byEvent.data).toHaveLength(1)
  })
})

describe('/_emulator/chaos', () => {
  it('reads and partially updates the chaos settings', async () => {
    expect((await control('GET', '/_emulator/chaos')).json).toEqual({
      duplicateRate: 0,
      delayRate: 0,
      maxDelayMs: 0,
      reorderRate: 0,
      dropRate: 0,
    })
    const updated = await control('POST', '/_emulator/chaos', { duplicateRate: 0.5, seed: 9 })
    expect(updated.json).toMatchObject({ duplicateRate: 0.5, seed: 9, dropRate: 0 })
    expect(client.running.emulator.chaos).toMatchObject({ duplicateRate: 0.5, seed: 9 })
    const unseeded = await control('POST', '/_emulator/chaos', { seed: null })
    expect(unseeded.json).not.toHaveProperty('seed')
  })

  it('refuses a rate outside 0..1 and an unknown key with a 400 naming it', async () => {
    const rate = await control('POST', '/_emulator/chaos', { dropRate: 2 })
    expect(rate).toMatchObject({ status: 400, json: { error: { message: expect.stringContaining('dropRate') } } })
    const unknown = await control('POST', '/_emulator/chaos', { loseEverything: true })
    expect(unknown).toMatchObject({
      status: 400,
      json: { error: { message: expect.stringContaining('loseEverything') } },
    })
    expect(client.running.emulator.chaos.dropRate).toBe(0)
  })

  it('makes new events follow the new chaos', async () => {
    await control('POST', '/_emulator/chaos', { duplicateRate: 1 })
    await client.stripe.customers.create()
    await client.running.emulator.webhooks.idle()
    expect(receiver.received).toHaveLength(2)
  })
})

describe('/_emulator/settings', () => {
  it('partially updates the emulator settings', async () => {
    const res = await control('POST', '/_emulator/settings', { businessName: 'Acme', paymentRetryDays: [1, 2] })
    expect(res).toMatchObject({
      status: 200,
      json: { businessName: 'Acme', paymentRetryDays: [1, 2], afterFinalFailure: 'cancel' },
    })
    expect(client.running.emulator.settings.businessName).toBe('Acme')
    expect((await control('GET', '/_emulator/settings')).json).toMatchObject({ businessName: 'Acme' })
  })

  it('refuses a wrong value and an unknown setting', async () => {
    expect(await control('POST', '/_emulator/settings', { afterFinalFailure: 'explode' })).toMatchObject({
      status: 400,
      json: { error: { message: expect.stringContaining('afterFinalFailure') } },
    })
    expect(await control('POST', '/_emulator/settings', { colour: 'blue' })).toMatchObject({ status: 400 })
    expect(client.running.emulator.settings.afterFinalFailure).toBe('cancel')
    for (const hours of [-1, 1.5, 721, 'soon']) {
      expect(await control('POST', '/_emulator/settings', { invoiceFinalizationGraceHours: hours })).toMatchObject({
        status: 400,
        json: { error: { message: expect.stringContaining('invoiceFinalizationGraceHours must be a whole number') } },
      })
    }
    expect(client.running.emulator.settings.invoiceFinalizationGraceHours).toBe(1)
  })

  it("sets the invoice finalization grace period, Stripe's 1 hour by default", async () => {
    expect((await control('GET', '/_emulator/settings')).json).toMatchObject({ invoiceFinalizationGraceHours: 1 })
    const res = await control('POST', '/_emulator/settings', { invoiceFinalizationGraceHours: 0 })
    expect(res).toMatchObject({ status: 200, json: { invoiceFinalizationGraceHours: 0 } })
    expect(client.running.emulator.settings.invoiceFinalizationGraceHours).toBe(0)
    await control('POST', '/_emulator/settings', { invoiceFinalizationGraceHours: 1 })
  })
})

describe('/_emulator/webhooks/settings', () => {
  it('changes the retry schedule', async () => {
    const res = await control('POST', '/_emulator/webhooks/settings', { maxAttempts: 2, retryInitialDelayMs: 5 })
    expect(res.json).toEqual({
      retryInitialDelayMs: 5,
      retryMaxDelayMs: 2000,
      maxAttempts: 2,
      timeoutMs: 10000,
      concurrency: 1,
    })
    expect(client.running.emulator.webhooks.settings.maxAttempts).toBe(2)
    expect(await control('POST', '/_emulator/webhooks/settings', { maxAttempts: 0 })).toMatchObject({ status: 400 })
    expect(await control('POST', '/_emulator/webhooks/settings', { concurrency: 0 })).toMatchObject({ status: 400 })
  })
})

describe('POST /_emulator/webhooks/flush', () => {
  it('answers once retries have delivered everything', async () => {
    respond = (n) => (n === 1 ? 500 : 200)
    await client.stripe.customers.create()

    expect(await control('POST', '/_emulator/webhooks/flush')).toMatchObject({ status: 200, json: { idle: true } })
    expect(receiver.received.map((r) => r.verificationError)).toEqual([null, null])
    expect(client.running.emulator.webhooks.pending()).toEqual({ queued: 0, inFlight: 0 })
  })

  it('answers 504 with what is pending when it times out', async () => {
    respond = () => 'hang'
    await client.stripe.customers.create()

    expect(await control('POST', '/_emulator/webhooks/flush?timeoutMs=50')).toMatchObject({
      status: 504,
      json: { idle: false, inFlight: 1 },
    })
  })
})

describe('errors', () => {
  it('answers an unknown control with a 404 in JSON', async () => {
    expect(await control('GET', '/_emulator/nope')).toMatchObject({
      status: 404,
      contentType: 'application/json',
      json: { error: { message: expect.stringContaining('/_emulator/nope') } },
    })
    expect(await control('GET', '/_emulator/reset')).toMatchObject({ status: 404 })
  })

  it('answers a body that is not JSON with a 400 in JSON', async () => {
    expect(await control('POST', '/_emulator/chaos', '{not json')).toMatchObject({
      status: 400,
      contentType: 'application/json',
      json: { error: { message: 'The request body is not valid JSON.' } },
    })
    expect(await control('POST', '/_emulator/chaos', '[1, 2]')).toMatchObject({ status: 400 })
  })
})
