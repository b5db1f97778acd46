import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBilling } from '../create-billing.js'
import { appUrl, type BillingHarness, startBillingHarness, subscribeAccount } from '../testing/billing-harness.js'
import { pgliteStore } from './pglite-store.js'

let root: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'portal-kit-pglite-'))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('given one data directory opened by two stores in one process (Turbopack evaluates lib/billing.ts twice)', () => {
  it('shows a webhook applied through one billing instance in the status read through the other', async () => {
    const dataDir = join(root, 'shared')
    const h = await startBillingHarness({ store: pgliteStore({ dataDir }) })
    const pagesStore = pgliteStore({ dataDir })
    const pages = createBilling({ ...h.billing.options, store: pagesStore })
    try {
      // The page reads first, so both instances have opened the directory before the webhook arrives.
      expect((await pages.api.getStatus('acct_shared')).subscription).toBeNull()

      const { subscription } = await subscribeAccount(h.stripe, 'acct_shared')
      const events = h.emittedEvents()
      const customerCreated = events.find((e) => e.type === 'customer.created') as Stripe.Event
      const created = events.find((e) => e.type === 'customer.subscription.created') as Stripe.Event
      expect((await h.billing.handler(h.signedWebhook(JSON.stringify(customerCreated)))).status).toBe(200)
      expect((await h.billing.handler(h.signedWebhook(JSON.stringify(created)))).status).toBe(200)

      const status = await pages.api.getStatus('acct_shared')
      expect(status.subscription?.id).toBe(subscription.id)
      expect(status.access).toBe('full')
    } finally {
      await pagesStore.close()
      await h.close()
    }
  })

  it('keeps the shared database open while another store still uses it', async () => {
    const dataDir = join(root, 'close-one')
    const first = pgliteStore({ dataDir })
    const second = pgliteStore({ dataDir })
    await first.migrate()
    await second.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
    await first.close()
    expect((await second.findCustomerByAccount('acct_1'))?.customerId).toBe('cus_1')
    await second.close()
    const reopened = pgliteStore({ dataDir })
    expect((await reopened.findCustomerByAccount('acct_1'))?.customerId).toBe('cus_1')
    await reopened.close()
  })
})

describe('given a data directory that does not exist yet', () => {
  let h: BillingHarness
  afterAll(() => h.close())

  it('creates it, nested, and answers the first request', async () => {
    h = await startBillingHarness({ store: pgliteStore({ dataDir: join(root, 'fresh', 'nested', 'portal-kit') }) })
    const res = await h.request('/status')
    expect(res.status).toBe(200)
    expect((await res.json()).customer).toBeNull()
  })
})

describe('given a data directory that cannot be opened (a path under a regular file)', () => {
  let h: BillingHarness
  afterAll(() => h.close())

  it('answers 503, logs the cause once, and recovers on the next request once the obstacle is gone', async () => {
    const obstacle = join(root, 'obstacle')
    writeFileSync(obstacle, 'not a directory')
    const logged: { message: string; details?: Record<string, unknown> }[] = []
    h = await startBillingHarness({
      store: pgliteStore({ dataDir: join(obstacle, 'portal-kit') }),
      logger: { warn: () => {}, error: (message, details) => logged.push({ message, details }) },
    })

    const failed = await h.request('/status')
    expect(failed.status).toBe(503)
    expect((await failed.json()).error.code).toBe('store_unavailable')
    expect(logged).toHaveLength(1)
    expect(JSON.stringify(logged[0])).toMatch(/ENOTDIR|EEXIST|not a directory|file already exists/i)

    rmSync(obstacle)
    const recovered = await h.request('/status')
    expect(recovered.status).toBe(200)
    expect(logged).toHaveLength(1)
    expect((await h.request('/portal', { method: 'POST', json: {}, headers: { origin: appUrl } })).status).toBe(200)
  })
})
