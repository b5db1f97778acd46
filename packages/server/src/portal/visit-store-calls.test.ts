import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBilling } from '../create-billing.js'
import { type BillingHarness, createMonthlyPrice, startBillingHarness } from '../testing/billing-harness.js'
import { withStoreCallLog } from '../testing/store-call-log.js'

// A visit to Stripe (portal or checkout) by an account whose customer is stored reads the customer and
// frees its sync slot in one store call: one round trip before the Stripe call, none after it.
let h: BillingHarness
let calls: string[]
let priceId: string

beforeAll(async () => {
  h = await startBillingHarness()
  const logged = withStoreCallLog(h.store)
  calls = logged.calls
  priceId = (await createMonthlyPrice(h.stripe, 'Starter', 900)).id
  h.billing = createBilling({ ...h.billing.options, store: logged.store, plans: { [priceId]: { name: 'Starter' } } })
  h.account = { id: 'acct_visits', email: 'visits@example.com' }
  expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
})
afterAll(() => h.close())

describe('a returning customer’s visit to Stripe', () => {
  it('opens the portal with one store call that finds the customer and frees its sync slot', async () => {
    calls.length = 0
    expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
    expect(calls).toEqual(['findCustomerAndReleaseSyncSlot'])
  })

  it('opens checkout with the same single call for the customer and its slot', async () => {
    calls.length = 0
    expect((await h.request('/checkout', { method: 'POST', json: { priceId } })).status).toBe(200)
    expect(calls.filter((c) => /Customer|SyncSlot/.test(c))).toEqual(['findCustomerAndReleaseSyncSlot'])
  })

  it('still frees the slot of a customer created on this visit, so the sync on the way back is granted', async () => {
    h.account = { id: 'acct_new_visit', email: 'new@example.com' }
    const sync = async () => (await h.request('/sync', { method: 'POST' })).status
    expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
    expect(await sync()).toBe(200)
    expect(await sync()).toBe(429)
    expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
    expect(await sync()).toBe(200)
  })
})
