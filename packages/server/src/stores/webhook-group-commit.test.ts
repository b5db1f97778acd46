import pg from 'pg'
import { beforeEach, describe, expect, it } from 'vitest'
import { fixtureSubscription } from '../testing/stripe-fixtures.js'
import { createPostgresTestSchema } from '../testing/test-stores.js'
import type { BillingStore } from './billing-store.js'
import { postgresStore } from './postgres-store.js'

const url = process.env.DATABASE_URL

/** A pool that counts the webhook statements it runs: how many, how many at once, and events in each. */
function watchedPool(connectionString: string) {
  const pool = new pg.Pool({ connectionString, max: 16 })
  pool.on('error', () => {})
  const seen = { running: 0, mostAtOnce: 0, eventsPerStatement: [] as number[] }
  // The store queries with a config object ({ text, values, name }); the batched statement's first value
  // is the JSON array of its events' claims.
  const query = pool.query.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>
  pool.query = (async (config: pg.QueryConfig) => {
    if (!config.name?.startsWith('portal_kit_apply_webhook_events')) return query(config)
    const claims = config.values?.[0]
    seen.eventsPerStatement.push(typeof claims === 'string' && claims.startsWith('[') ? JSON.parse(claims).length : 1)
    seen.running++
    seen.mostAtOnce = Math.max(seen.mostAtOnce, seen.running)
    try {
      return await query(config)
    } finally {
      seen.running--
    }
  }) as typeof pool.query
  return { pool, seen }
}

/** `count` events at once, each updating a subscription of its own (as many customers' renewals would). */
function eventsAtOnce(store: BillingStore, count: number): Promise<boolean[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const subscription = fixtureSubscription({ id: `sub_load_${i}`, customer: `cus_load_${i}`, status: 'active' })
      const id = `evt_load_${i}`
      return store.applyWebhookEvent(
        { id, type: 'customer.subscription.updated', created: 1_700_000_000, customerId: `cus_load_${i}` },
        { subscriptions: [{ subscription, sourceAt: 1_700_000_000_000, sourceRank: 0, sourceId: id }] },
      )
    }),
  )
}

if (!url) {
  describe('webhook group commit on Postgres', () => {
    it.skip('skipped: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it', () => {})
  })
} else {
  let pool: pg.Pool
  let seen: ReturnType<typeof watchedPool>['seen']
  let store: BillingStore

  beforeEach(async () => {
    const schema = await createPostgresTestSchema(url)
    ;({ pool, seen } = watchedPool(schema.url))
    store = postgresStore({ pool })
    await store.migrate()
    return async () => {
      await store.close()
      await pool.end()
      await schema.dispose()
    }
  })

  describe('given one webhook event while nothing else is in flight', () => {
    it('sends it at once in a statement of its own', async () => {
      expect(await eventsAtOnce(store, 1)).toEqual([true])
      expect(seen.eventsPerStatement).toEqual([1])
    })
  })

  describe('given many webhook events at once (a burst, or a backlog Stripe resends)', () => {
    it('has the rest wait and share statements, so Postgres commits a few batches rather than every event', async () => {
      const applied = await eventsAtOnce(store, 40)
      expect(applied.every(Boolean)).toBe(true)
      expect(seen.eventsPerStatement.reduce((a, b) => a + b, 0)).toBe(40)
      // Three go at once; the other 37 wait and go in the next statements, a batch each time one finishes.
      expect(seen.eventsPerStatement.slice(0, 3)).toEqual([1, 1, 1])
      expect(seen.eventsPerStatement.length).toBeLessThanOrEqual(7)
      expect(seen.mostAtOnce).toBe(3)
      const { rows } = await pool.query({ text: 'SELECT count(*)::int AS n FROM portal_kit_subscriptions' })
      expect(rows[0].n).toBe(40)
    })
  })
}
