import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/index.js'

let kit: TestEmulator

beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())

async function rejectionOf(request: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
  return error as Stripe.errors.StripeError
}

describe('given a parameter of the wrong type, through the official SDK', () => {
  it('answers a non-integer integer with parameter_invalid_integer, as Stripe does', async () => {
    const error = await rejectionOf(kit.stripe.customers.list({ limit: 'ten' as unknown as number }))
    expect(error).toMatchObject({ code: 'parameter_invalid_integer', param: 'limit', message: 'Invalid integer: ten' })
    const decimal = await rejectionOf(kit.stripe.customers.list({ limit: 1.5 }))
    expect(decimal.code).toBe('parameter_invalid_integer')
  })

  it('answers a non-boolean boolean with no code, as Stripe does', async () => {
    const error = await rejectionOf(kit.stripe.prices.list({ active: 'yes' as unknown as boolean }))
    expect(error.code).toBeUndefined()
    expect(error).toMatchObject({ param: 'active', message: 'Invalid boolean: yes' })
  })

  it('answers a value outside an enum with no code and the allowed values joined by "or", as Stripe does', async () => {
    const error = await rejectionOf(
      kit.stripe.subscriptions.list({ status: 'sleeping' as Stripe.SubscriptionListParams.Status }),
    )
    expect(error.code).toBeUndefined()
    expect(error.param).toBe('status')
    expect(error.message).toMatch(/^Invalid status: must be one of (\w+, )+or \w+$/)
  })
})
