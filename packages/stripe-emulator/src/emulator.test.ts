import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from './testing/emulator-client.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

describe('Emulator.onEvent', () => {
  it('reports events in emission order, even when a test clock dates them in the past', async () => {
    const seen: Stripe.Event[] = []
    const stop = client.running.emulator.onEvent((event) => seen.push(event))
    const clock = await client.stripe.testHelpers.testClocks.create({
      frozen_time: Math.floor(Date.now() / 1000) - 86_400 * 30,
    })
    await client.stripe.customers.create({ email: 'now@example.com' })
    await client.stripe.customers.create({ email: 'clock@example.com', test_clock: clock.id })
    stop()
    await client.stripe.customers.create({ email: 'after@example.com' })
    const customerEvents = seen.filter((e) => e.type === 'customer.created')
    expect(customerEvents.map((e) => (e.data.object as Stripe.Customer).email)).toEqual([
      'now@example.com',
      'clock@example.com',
    ])
    expect(customerEvents[1]?.created).toBeLessThan(customerEvents[0]?.created as number)
  })
})
