import type Stripe from 'stripe'
import { afterAll, beforeAll } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from './emulator-client.js'

/** What a test file of this package gets from `useEmulatorWithTeamPlan`, filled in before its tests run. */
export interface EmulatorWithTeamPlan {
  client: EmulatorClient
  stripe: Stripe
  /** "Team", $30.00 a month. */
  monthly: Stripe.Price
}

/**
 * For this package's own billing tests: an emulator started before the file's tests (closed after them) with a
 * $30.00-a-month "Team" price. Read the fields inside tests, once `beforeAll` has run.
 */
export function useEmulatorWithTeamPlan(): EmulatorWithTeamPlan {
  const kit = {} as EmulatorWithTeamPlan
  beforeAll(async () => {
    kit.client = await startEmulatorClient()
    kit.stripe = kit.client.stripe
    kit.monthly = await kit.stripe.prices.create({
      currency: 'usd',
      unit_amount: 3000,
      recurring: { interval: 'month' },
      product_data: { name: 'Team' },
    })
  })
  afterAll(() => kit.client.close())
  return kit
}
