import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness } from '../testing/billing-harness.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness()
})
afterAll(() => h.close())

describe('an account id of any string', () => {
  it.each([
    ['non-Latin-1', 'アカウント_1'],
    ['an emoji', 'team_🚀'],
    ['a NUL', 'acct\u0000nul'],
    ['a newline and quotes', 'acct\n\'"\\x'],
    ['300 characters', 'a'.repeat(300)],
  ])('with %s opens the portal on one customer, twice', async (_name, id) => {
    h.account = { id, email: 'any@example.com' }
    const first = await h.request('/portal', { method: 'POST', json: {} })
    expect(first.status).toBe(200)
    const customer = (await h.billing.api.getStatus(id)).customer?.id
    expect(customer).toMatch(/^cus_/)
    expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
    expect((await h.billing.api.getStatus(id)).customer?.id).toBe(customer)
  })
})
