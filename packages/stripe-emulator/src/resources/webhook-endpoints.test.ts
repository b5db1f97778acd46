import Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { missingFixtureKeys } from '../testing/fixture-keys.js'
import { startWebhookReceiver } from '../testing/webhook-receiver.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

describe('webhook endpoints API', () => {
  it('creates an endpoint and returns its whsec_ secret only in the create response', async () => {
    const { stripe } = client
    const endpoint = await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/hook',
      enabled_events: ['customer.created', 'customer.updated'],
      description: 'Test hook',
      metadata: { team: 'billing' },
    })
    expect(endpoint).toMatchObject({
      object: 'webhook_endpoint',
      status: 'enabled',
      description: 'Test hook',
      metadata: { team: 'billing' },
      enabled_events: ['customer.created', 'customer.updated'],
      api_version: null,
    })
    expect(endpoint.secret).toMatch(/^whsec_\w{32}$/)
    expect(missingFixtureKeys('webhook_endpoint', endpoint)).toEqual([])
    const retrieved = await stripe.webhookEndpoints.retrieve(endpoint.id)
    expect(retrieved.secret).toBeUndefined()
    expect(retrieved.url).toBe('http://127.0.0.1:9/hook')
  })

  it('updates url, events, description, metadata and disables it', async () => {
    const { stripe } = client
    const endpoint = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/a', enabled_events: ['*'] })
    const updated = await stripe.webhookEndpoints.update(endpoint.id, {
      url: 'http://127.0.0.1:9/b',
      enabled_events: ['customer.deleted'],
      description: 'renamed',
      metadata: { k: 'v' },
      disabled: true,
    })
    expect(updated).toMatchObject({
      url: 'http://127.0.0.1:9/b',
      enabled_events: ['customer.deleted'],
      description: 'renamed',
      metadata: { k: 'v' },
      status: 'disabled',
    })
    expect((await stripe.webhookEndpoints.update(endpoint.id, { disabled: false })).status).toBe('enabled')
  })

  it('lists endpoints newest first and deletes one', async () => {
    const { stripe } = client
    const a = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/1', enabled_events: ['*'] })
    const b = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/2', enabled_events: ['*'] })
    const listed = (await stripe.webhookEndpoints.list({ limit: 100 })).data.map((e) => e.id)
    expect(listed.indexOf(b.id)).toBeLessThan(listed.indexOf(a.id))
    expect(await stripe.webhookEndpoints.del(a.id)).toEqual({ id: a.id, object: 'webhook_endpoint', deleted: true })
    const error = await stripe.webhookEndpoints.retrieve(a.id).catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })

  it('refuses a missing url, a malformed url and a malformed event type', async () => {
    const { stripe } = client
    const missing = await stripe.webhookEndpoints
      .create({ enabled_events: ['*'] } as Stripe.WebhookEndpointCreateParams)
      .catch((e: unknown) => e)
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'url' })
    const badUrl = await stripe.webhookEndpoints
      .create({ url: 'not a url', enabled_events: ['*'] })
      .catch((e: unknown) => e)
    expect(badUrl).toMatchObject({ statusCode: 400, code: 'url_invalid', param: 'url' })
    const badEvent = await stripe.webhookEndpoints
      .create({ url: 'http://127.0.0.1:9/x', enabled_events: ['Customer Created' as 'customer.created'] })
      .catch((e: unknown) => e)
    expect(badEvent).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(badEvent).toMatchObject({ param: 'enabled_events[0]' })
  })
})

describe('given an endpoint created through the API', () => {
  let fresh: EmulatorClient
  beforeEach(async () => {
    fresh = await startEmulatorClient()
  })
  afterEach(() => fresh.close())

  it('delivers matching events to it, signed with the secret from the create response', async () => {
    const { stripe } = fresh
    const placeholder = await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/not-yet',
      enabled_events: ['customer.updated'],
    })
    const receiver = await startWebhookReceiver(placeholder.secret as string)
    try {
      await stripe.webhookEndpoints.update(placeholder.id, { url: receiver.url })
      const c = await stripe.customers.create()
      await stripe.customers.update(c.id, { name: 'Hooked' })
      await fresh.running.emulator.webhooks.idle()
      expect(receiver.received.map((r) => [r.event?.type, r.verificationError])).toEqual([['customer.updated', null]])
      expect(fresh.running.emulator.webhooks.deliveries()).toEqual([
        expect.objectContaining({ endpointId: placeholder.id, eventType: 'customer.updated', status: 200 }),
      ])
    } finally {
      await receiver.close()
    }
  })

  it('sends nothing to it while it is disabled', async () => {
    const { stripe } = fresh
    const endpoint = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/x', enabled_events: ['*'] })
    const receiver = await startWebhookReceiver(endpoint.secret as string)
    try {
      await stripe.webhookEndpoints.update(endpoint.id, { url: receiver.url, disabled: true })
      await stripe.customers.create()
      await fresh.running.emulator.webhooks.idle()
      expect(receiver.received).toEqual([])
      expect((await stripe.events.list({ limit: 1 })).data[0]?.pending_webhooks).toBe(0)
      await stripe.webhookEndpoints.update(endpoint.id, { disabled: false })
      await stripe.customers.create()
      await fresh.running.emulator.webhooks.idle()
      expect(receiver.received.map((r) => r.event?.type)).toEqual(['customer.created'])
    } finally {
      await receiver.close()
    }
  })
})
