import { type RunningEmulator, startEmulator } from '@portal-kit/stripe-emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stripeTime, timedStripe } from './timed-stripe.js'

describe('timedStripe', () => {
  let emulator: RunningEmulator
  beforeAll(async () => {
    emulator = await startEmulator({ scheduler: false })
  })
  afterAll(() => emulator.close())

  /** The Stripe time counted for one warm `customers.create` through `stripe`. */
  const timedCall = async (stripe: ReturnType<typeof timedStripe>) => {
    const timing = { ms: 0 }
    await stripeTime.run(timing, () => stripe.customers.create({ email: 'timed@example.com' }))
    return timing.ms
  }

  it('counts an added latency as Stripe time, reading the setting on every call', async () => {
    const latency = { ms: 0 }
    const stripe = timedStripe(emulator.url, latency)
    const warm = await timedCall(stripe)
    expect(warm).toBeGreaterThan(0)

    latency.ms = 200
    // Each call waits 0.5-1.5x the latency after the emulator answers, inside the timed span.
    expect(await timedCall(stripe)).toBeGreaterThanOrEqual(99)

    latency.ms = 0
    const customer = await stripe.customers.create({ email: 'plain@example.com' })
    expect(customer.email).toBe('plain@example.com')
  })
})
