import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { missingFixtureKeys } from '../testing/fixture-keys.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

describe('events API', () => {
  it('lists the events of a customer’s life newest first, with previous_attributes on the update', async () => {
    const { stripe } = client
    const c = await stripe.customers.create({ name: 'Before' })
    await stripe.customers.update(c.id, { name: 'After' })
    await stripe.customers.del(c.id)
    const mine = (await stripe.events.list({ limit: 100 })).data.filter(
      (e) => (e.data.object as { id: string }).id === c.id,
    )
    expect(mine.map((e) => e.type)).toEqual(['customer.deleted', 'customer.updated', 'customer.created'])
    expect(mine[1]?.data.previous_attributes).toEqual({ name: 'Before' })
    expect(mine[1]?.data.object).toMatchObject({ name: 'After' })
  })

  it('retrieves an event by id with the API version it was rendered in', async () => {
    const { stripe } = client
    await stripe.customers.create()
    const [latest] = (await stripe.events.list({ limit: 1 })).data
    const event = await stripe.events.retrieve(latest?.id as string)
    expect(event).toMatchObject({ id: latest?.id, object: 'event', api_version: client.running.emulator.apiVersion })
    expect(missingFixtureKeys('event', event)).toEqual([])
  })

  it('filters by type, by a type wildcard and by types[]', async () => {
    const { stripe } = client
    const c = await stripe.customers.create()
    await stripe.customers.update(c.id, { name: 'Typed' })
    const updated = await stripe.events.list({ type: 'customer.updated', limit: 100 })
    expect(new Set(updated.data.map((e) => e.type))).toEqual(new Set(['customer.updated']))
    const wildcard = await stripe.events.list({ type: '*.created', limit: 100 })
    expect(wildcard.data.length).toBeGreaterThan(0)
    expect(wildcard.data.every((e) => e.type.endsWith('.created'))).toBe(true)
    const prefix = await stripe.events.list({ type: 'customer.*', limit: 100 })
    expect(new Set(prefix.data.map((e) => e.type))).toEqual(
      new Set(['customer.created', 'customer.updated', 'customer.deleted']),
    )
    const types = await stripe.events.list({ types: ['customer.created'], limit: 100 })
    expect(new Set(types.data.map((e) => e.type))).toEqual(new Set(['customer.created']))
  })

  it('refuses type and types together', async () => {
    const error = await client.stripe.events
      .list({ type: 'customer.created', types: ['customer.updated'] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(error).toMatchObject({ statusCode: 400, param: 'types' })
  })

  it('filters by created and paginates with auto-pagination', async () => {
    const { stripe } = client
    const all = (await stripe.events.list({ limit: 100 })).data
    const newest = all[0]?.created as number
    const sameSecond = await stripe.events.list({ created: { gte: newest }, limit: 100 })
    expect(sameSecond.data.every((e) => e.created >= newest)).toBe(true)
    expect((await stripe.events.list({ created: { gt: newest } })).data).toEqual([])
    const paged: string[] = []
    for await (const e of stripe.events.list({ limit: 2 })) paged.push(e.id)
    expect(paged).toEqual(all.map((e) => e.id))
  })

  it('answers an unknown event id with a 404 naming the id', async () => {
    const error = await client.stripe.events.retrieve('evt_missing').catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such event: 'evt_missing'" })
  })

  it('expands an id inside the event object on request', async () => {
    const { stripe } = client
    const c = await stripe.customers.create()
    const [latest] = (await stripe.events.list({ limit: 1 })).data
    const expanded = await stripe.events.retrieve(latest?.id as string, { expand: ['data.object'] })
    expect((expanded.data.object as { id: string }).id).toBe(c.id)
  })
})
