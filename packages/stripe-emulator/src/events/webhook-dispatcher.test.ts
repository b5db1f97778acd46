import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js'

const secret = 'whsec_test_dispatcher'
let client: EmulatorClient | undefined
let receiver: WebhookReceiver | undefined

afterEach(async () => {
  await client?.close()
  await receiver?.close()
  client = undefined
  receiver = undefined
})

describe('given an endpoint configured at start', () => {
  it('POSTs each event signed so that stripe.webhooks.constructEvent accepts it', async () => {
    receiver = await startWebhookReceiver(secret)
    client = await startEmulatorClient({ webhookEndpoints: [{ url: receiver.url, secret }] })
    const customer = await client.stripe.customers.create({ email: 'signed@example.com' })
    await client.running.emulator.webhooks.idle()

    expect(receiver.received).toHaveLength(1)
    const [delivery] = receiver.received
    expect(delivery?.verificationError).toBeNull()
    expect(delivery?.event).toMatchObject({
      object: 'event',
      type: 'customer.created',
      data: { object: { id: customer.id, email: 'signed@example.com' } },
    })
    expect(delivery?.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)')
    expect(delivery?.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(delivery?.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
  })

  it('sends a body that a wrong secret does not verify', async () => {
    receiver = await startWebhookReceiver('whsec_some_other_secret')
    client = await startEmulatorClient({ webhookEndpoints: [{ url: receiver.url, secret }] })
    await client.stripe.customers.create()
    await client.running.emulator.webhooks.idle()

    expect(receiver.received).toHaveLength(1)
    expect(receiver.received[0]?.verificationError).toMatch(/signature/i)
  })

  it('delivers the events of one endpoint in the order they happened', async () => {
    receiver = await startWebhookReceiver(secret)
    client = await startEmulatorClient({ webhookEndpoints: [{ url: receiver.url, secret }] })
    const c = await client.stripe.customers.create()
    await client.stripe.customers.update(c.id, { name: 'One' })
    await client.stripe.customers.update(c.id, { name: 'Two' })
    await client.stripe.customers.del(c.id)
    await client.running.emulator.webhooks.idle()

    expect(receiver.received.map((r) => r.event?.type)).toEqual([
      'customer.created',
      'customer.updated',
      'customer.updated',
      'customer.deleted',
    ])
    const names = receiver.received.flatMap((r) =>
      r.event ? [(r.event.data.object as { name: string | null }).name] : [],
    )
    expect(names.slice(1, 3)).toEqual(['One', 'Two'])
  })

  it('sends only the enabled event types', async () => {
    receiver = await startWebhookReceiver(secret)
    client = await startEmulatorClient({
      webhookEndpoints: [{ url: receiver.url, secret, enabledEvents: ['customer.updated'] }],
    })
    const c = await client.stripe.customers.create()
    await client.stripe.customers.update(c.id, { name: 'Changed' })
    await client.running.emulator.webhooks.idle()

    expect(receiver.received.map((r) => r.event?.type)).toEqual(['customer.updated'])
    const created = await client.stripe.events.list({ type: 'customer.created' })
    expect(created.data[0]?.pending_webhooks).toBe(0)
  })

  it('names the API request and its idempotency key in event.request', async () => {
    receiver = await startWebhookReceiver(secret)
    client = await startEmulatorClient({ webhookEndpoints: [{ url: receiver.url, secret }] })
    await client.stripe.customers.create({}, { idempotencyKey: 'idem-request-test' })
    await client.running.emulator.webhooks.idle()

    expect(receiver.received[0]?.event?.request).toEqual({
      id: expect.stringMatching(/^req_/),
      idempotency_key: 'idem-request-test',
    })
  })
})

describe('given an endpoint that fails', () => {
  it('retries a 500 answer until it gets a 200, recording every attempt', async () => {
    receiver = await startWebhookReceiver(secret, (n) => (n <= 2 ? 500 : 200))
    client = await startEmulatorClient({ webhookEndpoints: [{ url: receiver.url, secret }] })
    const { emulator } = client.running
    await client.stripe.customers.create()
    const [event] = (await client.stripe.events.list()).data
    expect(event?.pending_webhooks).toBe(1)
    await emulator.webhooks.idle()

    expect(receiver.received).toHaveLength(3)
    expect(receiver.received.every((r) => r.verificationError === null && r.event?.id === event?.id)).toBe(true)
    expect(emulator.webhooks.deliveries({ eventId: event?.id }).map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ])
    expect((await client.stripe.events.retrieve(event?.id as string)).pending_webhooks).toBe(0)
  })

  it('gives up after maxAttempts and leaves the event pending', async () => {
    receiver = await startWebhookReceiver(secret, () => 503)
    client = await startEmulatorClient({
      webhookEndpoints: [{ url: receiver.url, secret }],
      webhookDelivery: { maxAttempts: 2, retryInitialDelayMs: 10 },
    })
    await client.stripe.customers.create()
    await client.running.emulator.webhooks.idle()

    expect(receiver.received).toHaveLength(2)
    const failed = await client.stripe.events.list({ delivery_success: false })
    expect(failed.data.map((e) => [e.type, e.pending_webhooks])).toEqual([['customer.created', 1]])
    expect((await client.stripe.events.list({ delivery_success: true })).data).toEqual([])
  })

  it('records a refused connection as an attempt without a status and retries it', async () => {
    receiver = await startWebhookReceiver(secret)
    const closedUrl = receiver.url
    await receiver.close()
    receiver = undefined
    client = await startEmulatorClient({
      webhookEndpoints: [{ url: closedUrl, secret }],
      webhookDelivery: { maxAttempts: 2, retryInitialDelayMs: 10 },
    })
    await client.stripe.customers.create()
    await client.running.emulator.webhooks.idle()

    const attempts = client.running.emulator.webhooks.deliveries()
    expect(attempts).toHaveLength(2)
    expect(attempts.every((d) => d.status === null && typeof d.error === 'string' && d.error.length > 0)).toBe(true)
  })

  it('counts an endpoint that does not answer within timeoutMs as failed', async () => {
    receiver = await startWebhookReceiver(secret, (n) => (n === 1 ? 'hang' : 200))
    client = await startEmulatorClient({
      webhookEndpoints: [{ url: receiver.url, secret }],
      webhookDelivery: { timeoutMs: 200, retryInitialDelayMs: 10 },
    })
    await client.stripe.customers.create()
    await client.running.emulator.webhooks.idle()

    expect(client.running.emulator.webhooks.deliveries().map((d) => [d.status, d.error])).toEqual([
      [null, 'Timed out after 200 ms'],
      [200, null],
    ])
  })

  it('lets later events overtake one waiting for its retry', async () => {
    let firstCustomerFailures = 0
    receiver = await startWebhookReceiver(secret, (_n, body) => {
      if (body.includes('"first@example.com"') && firstCustomerFailures < 1) {
        firstCustomerFailures++
        return 500
      }
      return 200
    })
    client = await startEmulatorClient({
      webhookEndpoints: [{ url: receiver.url, secret }],
      webhookDelivery: { retryInitialDelayMs: 500 },
    })
    const first = await client.stripe.customers.create({ email: 'first@example.com' })
    const second = await client.stripe.customers.create({ email: 'second@example.com' })
    await client.running.emulator.webhooks.idle()

    const verified = receiver.received.flatMap((r) => (r.event ? [(r.event.data.object as { id: string }).id] : []))
    expect(verified).toEqual([first.id, second.id, first.id])
  })
})

describe('given concurrency above 1', () => {
  it('keeps up to that many requests in flight to one endpoint, and delivers every event', async () => {
    let open = 0
    let mostOpen = 0
    const server = createServer((_req, res) => {
      open++
      mostOpen = Math.max(mostOpen, open)
      setTimeout(() => {
        open--
        res.writeHead(200).end()
      }, 100)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
    try {
      client = await startEmulatorClient({
        webhookEndpoints: [{ url, secret }],
        webhookDelivery: { concurrency: 3 },
      })
      for (let i = 0; i < 7; i++) await client.stripe.customers.create()
      await client.running.emulator.webhooks.idle()

      expect(mostOpen).toBe(3)
      expect(client.running.emulator.webhooks.deliveries().map((d) => d.status)).toEqual(Array(7).fill(200))
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

describe('idle and close', () => {
  it('rejects idle() with a time-out while an endpoint keeps a request hanging', async () => {
    receiver = await startWebhookReceiver(secret, () => 'hang')
    client = await startEmulatorClient({ webhookEndpoints: [{ url: receiver.url, secret }] })
    await client.stripe.customers.create()

    await expect(client.running.emulator.webhooks.idle(100)).rejects.toThrow(/1 in flight/)
  })

  it('drops queued and in-flight work on close so idle() resolves at once', async () => {
    receiver = await startWebhookReceiver(secret, () => 'hang')
    client = await startEmulatorClient({ webhookEndpoints: [{ url: receiver.url, secret }] })
    await client.stripe.customers.create()
    await client.stripe.customers.create()
    const { webhooks } = client.running.emulator
    await client.close()
    client = undefined

    expect(webhooks.pending()).toEqual({ queued: 0, inFlight: 0 })
    await expect(webhooks.idle(10)).resolves.toBeUndefined()
  })

  it('resolves idle() at once when there are no endpoints', async () => {
    client = await startEmulatorClient()
    await client.stripe.customers.create()
    await expect(client.running.emulator.webhooks.idle(10)).resolves.toBeUndefined()
    expect((await client.stripe.events.list()).data[0]?.pending_webhooks).toBe(0)
  })
})

describe('endpoints added at run time', () => {
  it('delivers to an endpoint added with addEndpoint()', async () => {
    receiver = await startWebhookReceiver(secret)
    client = await startEmulatorClient()
    client.running.emulator.webhooks.addEndpoint({ url: receiver.url, secret })
    await client.stripe.customers.create()
    await client.running.emulator.webhooks.idle()

    expect(receiver.received.map((r) => r.event?.type)).toEqual(['customer.created'])
  })
})
