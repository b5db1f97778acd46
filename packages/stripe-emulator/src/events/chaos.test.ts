import type Stripe from 'stripe'
import { afterEach, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js'

const secret = 'whsec_test_chaos'
const clients: EmulatorClient[] = []
const receivers: WebhookReceiver[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close()
  for (const r of receivers.splice(0)) await r.close()
})

async function receiver(): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(secret)
  receivers.push(r)
  return r
}

async function emulatorSendingTo(r: WebhookReceiver, chaos: Parameters<typeof startEmulatorClient>[0]) {
  const c = await startEmulatorClient({ webhookEndpoints: [{ url: r.url, secret }], ...chaos })
  clients.push(c)
  return c
}

describe('chaos duplicateRate', () => {
  it('sends every event twice at rate 1, both copies signed', async () => {
    const r = await receiver()
    const c = await emulatorSendingTo(r, { chaos: { duplicateRate: 1 } })
    await c.stripe.customers.create()
    await c.stripe.customers.create()
    await c.running.emulator.webhooks.idle()

    const events = (await c.stripe.events.list()).data.map((e) => e.id).reverse()
    expect(r.received.every((x) => x.verificationError === null)).toBe(true)
    expect(r.eventIds()).toEqual([events[0], events[0], events[1], events[1]])
    expect(c.running.emulator.webhooks.deliveries().map((d) => d.duplicate)).toEqual([false, true, false, true])
    // A duplicate does not make the event "more delivered" than once per endpoint.
    expect((await c.stripe.events.list()).data.map((e) => e.pending_webhooks)).toEqual([0, 0])
  })

  it('duplicates the same events for the same seed', async () => {
    const duplicatedEventNumbers = async () => {
      const r = await receiver()
      const c = await emulatorSendingTo(r, { chaos: { duplicateRate: 0.5, seed: 42 } })
      for (let i = 0; i < 12; i++) await c.stripe.customers.create({ metadata: { n: String(i) } })
      await c.running.emulator.webhooks.idle()
      return c.running.emulator.webhooks
        .deliveries()
        .filter((d) => d.duplicate)
        .map((d) => r.received.find((x) => x.event?.id === d.eventId)?.event?.data.object as Stripe.Customer)
        .map((customer) => customer.metadata.n)
    }
    const first = await duplicatedEventNumbers()
    const second = await duplicatedEventNumbers()
    expect(first.length).toBeGreaterThan(0)
    expect(first.length).toBeLessThan(12)
    expect(second).toEqual(first)
  })
})

describe('chaos reorderRate', () => {
  it('swaps each held event with the next one at rate 1', async () => {
    const r = await receiver()
    const c = await emulatorSendingTo(r, { chaos: { reorderRate: 1 } })
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push((await c.stripe.customers.create()).id)
    await c.running.emulator.webhooks.idle()

    const arrived = r.received.map((x) => (x.event?.data.object as { id: string } | undefined)?.id)
    expect(arrived).toEqual([ids[1], ids[0], ids[3], ids[2]])
  })

  it('reorders the same events for the same seed', async () => {
    const arrivalOrder = async () => {
      const r = await receiver()
      const c = await emulatorSendingTo(r, { chaos: { reorderRate: 0.5, seed: 7 } })
      for (let i = 0; i < 8; i++) await c.stripe.customers.create({ metadata: { n: String(i) } })
      await c.running.emulator.webhooks.idle()
      return r.received.map((x) => (x.event?.data.object as Stripe.Customer | undefined)?.metadata.n)
    }
    const first = await arrivalOrder()
    expect(first).not.toEqual(['0', '1', '2', '3', '4', '5', '6', '7'])
    expect([...first].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7'])
    expect(await arrivalOrder()).toEqual(first)
  })
})

describe('chaos dropRate', () => {
  it('skips the first attempt at rate 1 but still delivers every event on its retry', async () => {
    const r = await receiver()
    const c = await emulatorSendingTo(r, { chaos: { dropRate: 1 }, webhookDelivery: { retryInitialDelayMs: 20 } })
    const a = await c.stripe.customers.create()
    const b = await c.stripe.customers.create()
    await c.running.emulator.webhooks.idle()

    const arrived = r.received.map((x) => (x.event?.data.object as { id: string } | undefined)?.id)
    expect([...arrived].sort()).toEqual([a.id, b.id].sort())
    for (const event of (await c.stripe.events.list()).data) {
      expect(c.running.emulator.webhooks.deliveries({ eventId: event.id }).map((d) => [d.attempt, d.status])).toEqual([
        [1, null],
        [2, 200],
      ])
      expect(event.pending_webhooks).toBe(0)
    }
  })

  it('reports every attempt, the drop included, to onDelivery listeners as it is recorded', async () => {
    const r = await receiver()
    const c = await emulatorSendingTo(r, { chaos: { dropRate: 1 }, webhookDelivery: { retryInitialDelayMs: 20 } })
    const heard: Array<[number, number | null]> = []
    const stop = c.running.emulator.webhooks.onDelivery((d) => heard.push([d.attempt, d.status]))
    await c.stripe.customers.create()
    await c.running.emulator.webhooks.idle()
    stop()
    await c.stripe.customers.create()
    await c.running.emulator.webhooks.idle()

    expect(heard).toEqual([
      [1, null],
      [2, 200],
    ])
  })

  it('does not count a drop against maxAttempts', async () => {
    const r = await receiver()
    const c = await emulatorSendingTo(r, {
      chaos: { dropRate: 1 },
      webhookDelivery: { maxAttempts: 1, retryInitialDelayMs: 20 },
    })
    await c.stripe.customers.create()
    await c.running.emulator.webhooks.idle()
    expect(r.received).toHaveLength(1)
  })
})

describe('chaos delayRate', () => {
  it('holds events back at rate 1 and still delivers all of them', async () => {
    const r = await receiver()
    const c = await emulatorSendingTo(r, { chaos: { delayRate: 1, maxDelayMs: 200, seed: 3 } })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await c.stripe.customers.create()).id)
    await c.running.emulator.webhooks.idle()

    const arrived = r.received.map((x) => (x.event?.data.object as { id: string } | undefined)?.id)
    expect([...arrived].sort()).toEqual([...ids].sort())
  })
})
