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

  it('keeps each event’s object as it was when the event happened', async () => {
    const { stripe } = client
    const c = await stripe.customers.create({ name: 'First' })
    await stripe.customers.update(c.id, { name: 'Second' })
    const created = (await stripe.events.list({ type: 'customer.created', limit: 100 })).data.find(
      (e) => (e.data.object as { id: string }).id === c.id,
    )
    expect(created?.data.object).toMatchObject({ name: 'First' })
    expect((await stripe.events.retrieve(created?.id as string)).data.object).toMatchObject({ name: 'First' })
  })

  it('pages back towards the newest with ending_before, and from a cursor of another type', async () => {
    const { stripe } = client
    for (let i = 0; i < 3; i++) await stripe.customers.update((await stripe.customers.create()).id, { name: `n${i}` })
    const all = (await stripe.events.list({ limit: 100 })).data
    const before = await stripe.events.list({ ending_before: all[3]?.id as string, limit: 2 })
    expect(before.data.map((e) => e.id)).toEqual([all[1]?.id, all[2]?.id])
    expect(before.has_more).toBe(true)
    const newest = await stripe.events.list({ ending_before: all[2]?.id as string, limit: 5 })
    expect(newest.data.map((e) => e.id)).toEqual([all[0]?.id, all[1]?.id])
    expect(newest.has_more).toBe(false)
    const cursor = all.find((e) => e.type === 'customer.updated') as Stripe.Event
    const created = all.filter((e) => e.type === 'customer.created')
    const afterUpdate = await stripe.events.list({ type: 'customer.created', starting_after: cursor.id, limit: 1 })
    expect(afterUpdate.data.map((e) => e.id)).toEqual([created[0]?.id])
    expect(afterUpdate.has_more).toBe(true)
    const unknown = await stripe.events.list({ starting_after: 'evt_missing' }).catch((e: unknown) => e)
    expect(unknown).toMatchObject({ statusCode: 404, param: 'starting_after' })
  })
})
