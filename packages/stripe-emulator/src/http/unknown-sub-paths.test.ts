import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/index.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())

async function call(method: string, path: string) {
  const response = await fetch(`${kit.url}${path}`, {
    method,
    headers: { authorization: 'Bearer sk_test_subpaths', 'content-type': 'application/x-www-form-urlencoded' },
    ...(method === 'POST' ? { body: '' } : {}),
  })
  return { status: response.status, body: (await response.json()) as { error: Record<string, unknown> } }
}

describe('given a path under a known resource that Stripe does not serve', () => {
  it.each([
    ['GET', '/v1/customers/cus_x/nonsense'],
    ['POST', '/v1/invoices/in_x/bogus'],
    ['DELETE', '/v1/subscriptions/sub_x/items/si_x'],
    ['GET', '/v1/customers/cus_x/'],
    ['POST', '/v1/prices/price_x/payment_methods'],
    ['GET', '/v1/invoices/in_x/pay'],
  ])('answers %s %s with Stripe’s Unrecognized request URL 404', async (method, path) => {
    const { status, body } = await call(method, path)
    expect(status).toBe(404)
    expect(body.error).toEqual({
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    })
  })
})
