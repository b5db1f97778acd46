import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fixtureSubscription } from '../../testing/stripe-fixtures.js'
import type { BillingStore } from '../billing-store.js'
import { migrations } from '../migrations.js'
import { applyWebhookEventsSql, customerForVisitSql, customerWritesSql } from '../sql-billing-store.js'

export interface SqlStoreConformanceOptions {
  name: string
  /** A fresh store on an empty database (schema or instance of its own). */
  createStore: () => Promise<BillingStore>
  /** Raw SQL on the same database, to check results without the store under test. */
  raw: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>
  /**
   * Two independent stores (as two server instances would hold) on a new, empty database, with raw
   * SQL on it; only for drivers that allow more than one connection.
   */
  createIsolatedPair?: () => Promise<{
    stores: [BillingStore, BillingStore]
    raw: (sql: string) => Promise<Record<string, unknown>[]>
    dispose: () => Promise<void>
  }>
  cleanup?: () => Promise<void>
}

/** The tables that hold data (not the migrations'), which the suites empty between cases. */
export const sqlStoreTables = [
  'portal_kit_customers',
  'portal_kit_subscriptions',
  'portal_kit_invoices',
  'portal_kit_webhook_events',
]

/** An invoice as Stripe sends it, with only what the store reads; of a subscription unless `subscription` is null. */
function testInvoice(input: {
  id: string
  customer: string | null
  status: string
  subscription?: string | null
}): import('stripe').Stripe.Invoice {
  const subscription = input.subscription === undefined ? 'sub_1' : input.subscription
  return {
    id: input.id,
    customer: input.customer,
    status: input.status,
    amount_due: 2900,
    currency: 'usd',
    hosted_invoice_url: `https://invoice.example/${input.id}`,
    created: 100,
    parent: subscription
      ? {
          type: 'subscription_details',
          subscription_details: { subscription, metadata: null },
          quote_details: null,
        }
      : null,
  } as unknown as import('stripe').Stripe.Invoice
}

/**
 * What the built-in SQL store must do beyond the `BillingStore` contract (which the published
 * `runStoreConformance` checks through the store's methods): its tables and migrations, its rows as
 * raw SQL reads them, its query plans, and the cases that need raw SQL to set up (backdated claims
 * and sync slots). Run for every driver beside the published suite.
 */
export function runSqlStoreConformance(options: SqlStoreConformanceOptions): void {
  const { raw } = options
  let store: BillingStore

  describe(`${options.name} SQL store`, () => {
    beforeAll(async () => {
      store = await options.createStore()
      await store.migrate()
    })
    afterAll(async () => {
      await store.close()
      await options.cleanup?.()
    })
    beforeEach(async () => {
      await raw(`TRUNCATE ${sqlStoreTables.join(', ')}`)
    })

    describe('migrations', () => {
      /** Runs the migrations as another instance starting would, on the same database. */
      const migrateFromAnotherStore = async () => {
        const another = await options.createStore()
        await another.migrate()
        await another.close()
      }

      it('creates every table and records the migration once, even when run again', async () => {
        await store.migrate()
        await migrateFromAnotherStore()
        const names = (
          await raw(
            `SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'portal_kit_%' AND table_schema = current_schema()`,
          )
        ).map((r) => r.table_name)
        expect(new Set(names)).toEqual(new Set([...sqlStoreTables, 'portal_kit_migrations']))
        expect(await raw('SELECT id FROM portal_kit_migrations ORDER BY id')).toEqual(
          migrations.map((m) => ({ id: m.id })),
        )
      })

      it('keeps only indexes a statement reads, since each one costs every write of its table', async () => {
        const indexes = (
          await raw(
            `SELECT indexname FROM pg_indexes WHERE tablename LIKE 'portal_kit_%' AND schemaname = current_schema()`,
          )
        ).map((r) => r.indexname)
        expect(new Set(indexes)).toEqual(
          new Set([
            'portal_kit_migrations_pkey',
            'portal_kit_customers_pkey', // every customer write and findCustomer
            'portal_kit_customers_account_id_key', // findCustomerByAccount, one customer per account
            'portal_kit_subscriptions_pkey', // the versioned upsert
            'portal_kit_subscriptions_customer', // listSubscriptions and the status reads
            'portal_kit_invoices_pkey', // the invoice upsert
            'portal_kit_invoices_customer', // the app's reads of its invoices mirror, by customer
            'portal_kit_webhook_events_pkey', // the claim and isWebhookEventProcessed
            'portal_kit_webhook_events_processed', // pruneWebhookEvents
          ]),
        )
      })

      it('drops the unread customer index of an earlier release’s webhook events when it upgrades', async () => {
        // The database as release 2 of the schema left it: the index there, migration 3 not recorded.
        await raw('CREATE INDEX portal_kit_webhook_events_customer ON portal_kit_webhook_events (customer_id)')
        await raw('DELETE FROM portal_kit_migrations WHERE id = 3')
        await migrateFromAnotherStore()
        expect(
          await raw(
            `SELECT indexname FROM pg_indexes WHERE indexname = 'portal_kit_webhook_events_customer' AND schemaname = current_schema()`,
          ),
        ).toEqual([])
        expect(await raw('SELECT id FROM portal_kit_migrations WHERE id = 3')).toEqual([{ id: 3 }])
      })

      it('keeps a subscription’s JSON compressed in its row, with lz4 where the server has it, so a write or read of it skips the TOAST table', async () => {
        // Stripe's example subscription is 4 KB of JSON: compressed with pglz it was still too wide for
        // its row, so every write also wrote TOAST chunks and every status read fetched them back.
        await store.applyWebhookEvent(
          { id: 'evt_wide', type: 'customer.subscription.updated', created: 1000, customerId: 'cus_1' },
          {
            subscriptions: [
              {
                subscription: fixtureSubscription({ id: 'sub_1', customer: 'cus_1', metadata: { plan: 'pro' } }),
                sourceAt: 1000 * 1000,
                sourceRank: 33,
                sourceId: 'evt_wide',
              },
            ],
          },
        )
        const [lz4] = await raw(
          `SELECT 'lz4' = ANY (enumvals) AS available FROM pg_settings WHERE name = 'default_toast_compression'`,
        )
        expect(await raw(`SELECT pg_column_compression(data) AS compression FROM portal_kit_subscriptions`)).toEqual([
          { compression: lz4?.available ? 'lz4' : 'pglz' },
        ])
        const [toast] = await raw(
          `SELECT pg_relation_size(reltoastrelid)::int AS bytes FROM pg_class WHERE oid = 'portal_kit_subscriptions'::regclass`,
        )
        expect(toast).toEqual({ bytes: 0 })
      })

      it('still stores a subscription too wide for its row even compressed, and reads it back whole', async () => {
        const items = Array.from({ length: 400 }, (_, i) => ({
          ...fixtureSubscription({ id: 'sub_many', customer: 'cus_1' }).items.data[0]!,
          id: `si_${i}_${(i * 2654435761).toString(36)}`,
          metadata: { seat: `${i}-${(i * 40503).toString(36)}` },
        }))
        const wide = fixtureSubscription({ id: 'sub_many', customer: 'cus_1' })
        wide.items = { ...wide.items, data: items }
        expect(JSON.stringify(wide).length).toBeGreaterThan(100_000)
        await store.applyWebhookEvent(
          { id: 'evt_many', type: 'customer.subscription.updated', created: 1000, customerId: 'cus_1' },
          { subscriptions: [{ subscription: wide, sourceAt: 1000 * 1000, sourceRank: 33, sourceId: 'evt_many' }] },
        )
        const [stored] = await store.listSubscriptions('cus_1')
        expect(stored?.subscription).toEqual(wide)
      })

      it('keeps subscription JSON in the row in an earlier release’s database once it upgrades', async () => {
        // The database as release 3 of the schema left it: default storage, migration 4 not recorded.
        await raw('ALTER TABLE portal_kit_subscriptions ALTER COLUMN data SET STORAGE EXTENDED')
        await raw('ALTER TABLE portal_kit_subscriptions ALTER COLUMN data SET COMPRESSION pglz')
        await raw('DELETE FROM portal_kit_migrations WHERE id = 4')
        await migrateFromAnotherStore()
        expect(
          await raw(
            `SELECT attstorage FROM pg_attribute WHERE attrelid = 'portal_kit_subscriptions'::regclass AND attname = 'data'`,
          ),
        ).toEqual([{ attstorage: 'm' }])
        expect(await raw('SELECT id FROM portal_kit_migrations WHERE id = 4')).toEqual([{ id: 4 }])
      })

      it.runIf(options.createIsolatedPair)('is safe from two instances at once on an empty database', async () => {
        const pair = await options.createIsolatedPair!()
        try {
          await Promise.all(pair.stores.map((s) => s.migrate()))
          expect(await pair.raw('SELECT count(*)::int AS n FROM portal_kit_migrations')).toEqual([
            { n: migrations.length },
          ])
          expect(await pair.raw('SELECT count(*)::int AS n FROM portal_kit_customers')).toEqual([{ n: 0 }])
        } finally {
          await Promise.all(pair.stores.map((s) => s.close()))
          await pair.dispose()
        }
      })
    })

    describe('webhook event retention', () => {
      it('deletes claims processed before the cutoff, at most `limit` per call, oldest first', async () => {
        for (let i = 0; i < 5; i++) {
          await store.claimWebhookEvent({ id: `evt_old_${i}`, type: 'invoice.paid', created: 1, customerId: null })
        }
        await store.claimWebhookEvent({ id: 'evt_new', type: 'invoice.paid', created: 1, customerId: null })
        await raw(`UPDATE portal_kit_webhook_events SET processed_at = now() - make_interval(days => 40 - ltrim(event_id, 'evt_old_')::int)
          WHERE event_id LIKE 'evt_old_%'`)
        const processedBefore = new Date(Date.now() - 30 * 86_400_000)
        expect(await store.pruneWebhookEvents({ processedBefore, limit: 2 })).toBe(2)
        expect(
          (await raw('SELECT event_id FROM portal_kit_webhook_events ORDER BY event_id')).map((r) => r.event_id),
        ).toEqual(['evt_new', 'evt_old_2', 'evt_old_3', 'evt_old_4'])
        expect(await store.pruneWebhookEvents({ processedBefore, limit: 2 })).toBe(2)
        expect(await store.pruneWebhookEvents({ processedBefore, limit: 2 })).toBe(1)
        expect(await store.pruneWebhookEvents({ processedBefore, limit: 2 })).toBe(0)
        expect(await raw('SELECT event_id FROM portal_kit_webhook_events')).toEqual([{ event_id: 'evt_new' }])
        expect(await store.isWebhookEventProcessed('evt_old_0')).toBe(false)
      })
    })

    describe('webhook events claimed and applied in one statement', () => {
      const invoice = (id: string, customer: string | null, status: string) => testInvoice({ id, customer, status })

      it('applies every write of a claimed event and nothing of a redelivery', async () => {
        const claim = { id: 'evt_1', type: 'customer.subscription.updated', created: 1000, customerId: 'cus_1' }
        expect(
          await store.applyWebhookEvent(claim, {
            customer: { customerId: 'cus_1', link: { accountId: 'acct_1', email: 'a@example.com' } },
            subscriptions: [
              {
                subscription: fixtureSubscription({ id: 'sub_1', customer: 'cus_1', status: 'past_due' }),
                sourceAt: 1000 * 1000,
                sourceRank: 33,
                sourceId: 'evt_1',
              },
            ],
            payment: {
              subscriptionId: 'sub_1',
              customerId: 'cus_1',
              at: 1000,
              outcome: 'failed',
              actionRequired: false,
            },
            invoice: { invoice: invoice('in_1', 'cus_1', 'open'), sourceAt: 1000 * 1000 },
          }),
        ).toBe(true)
        expect(
          await store.applyWebhookEvent(claim, {
            subscriptions: [
              {
                subscription: fixtureSubscription({ id: 'sub_1', customer: 'cus_1', status: 'canceled' }),
                sourceAt: 2000 * 1000,
                sourceRank: 99,
                sourceId: 'evt_1',
              },
            ],
            payment: { subscriptionId: 'sub_1', customerId: 'cus_1', at: 2000, outcome: 'paid' },
            invoice: { invoice: invoice('in_1', 'cus_1', 'paid'), sourceAt: 2000 * 1000 },
          }),
        ).toBe(false)
        expect(await raw('SELECT event_id, type, customer_id FROM portal_kit_webhook_events')).toEqual([
          { event_id: 'evt_1', type: 'customer.subscription.updated', customer_id: 'cus_1' },
        ])
        expect(await raw('SELECT customer_id, account_id, email FROM portal_kit_customers')).toEqual([
          { customer_id: 'cus_1', account_id: 'acct_1', email: 'a@example.com' },
        ])
        const [sub] = await store.listSubscriptions('cus_1')
        expect(sub?.status).toBe('past_due')
        expect(sub?.pastDueSince?.getTime()).toBe(1000 * 1000)
        expect(await raw('SELECT invoice_id, status FROM portal_kit_invoices')).toEqual([
          { invoice_id: 'in_1', status: 'open' },
        ])
      })

      it('applies one of twenty concurrent deliveries of an event, in a transaction or not', async () => {
        const claim = { id: 'evt_1', type: 'invoice.payment_failed', created: 1000, customerId: 'cus_1' }
        // Each delivery carries a different failure time, so a second application would show.
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => {
            const writes = {
              payment: {
                subscriptionId: 'sub_1',
                customerId: 'cus_1',
                at: 1000 + i,
                outcome: 'failed' as const,
                actionRequired: false,
              },
            }
            return i % 2 === 0
              ? store.applyWebhookEvent(claim, writes)
              : store.transaction((tx) => tx.applyWebhookEvent(claim, writes))
          }),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
        const [row] = await raw('SELECT cardinality(failed_payment_times) AS n FROM portal_kit_subscriptions')
        expect(row).toEqual({ n: 1 })
      })

      it('applies fifty concurrent events, each once, also when several touch one subscription', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.applyWebhookEvent(
              { id: `evt_${i}`, type: 'invoice.payment_failed', created: 1000 + i, customerId: `cus_${i % 10}` },
              {
                payment: {
                  subscriptionId: `sub_${i % 10}`,
                  customerId: `cus_${i % 10}`,
                  at: 1000 + i,
                  outcome: 'failed',
                  actionRequired: false,
                },
              },
            ),
          ),
        )
        expect(results).toEqual(Array(50).fill(true))
        expect(await raw('SELECT count(*)::int AS n FROM portal_kit_webhook_events')).toEqual([{ n: 50 }])
        expect(
          await raw(
            'SELECT subscription_id, cardinality(failed_payment_times) AS n FROM portal_kit_subscriptions ORDER BY subscription_id',
          ),
        ).toEqual(Array.from({ length: 10 }, (_, i) => ({ subscription_id: `sub_${i}`, n: 5 })))
      })

      it('fails only the event that cannot be written when events arrive together, and leaves it unclaimed', async () => {
        const results = await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) =>
            store.applyWebhookEvent(
              { id: `evt_${i}`, type: 'invoice.paid', created: 1000, customerId: `cus_${i}` },
              // An invoice without a customer breaks the table's NOT NULL constraint.
              { invoice: { invoice: invoice(`in_${i}`, i === 7 ? null : `cus_${i}`, 'paid'), sourceAt: 1000 } },
            ),
          ),
        )
        expect(results.map((r) => r.status)).toEqual(
          Array.from({ length: 12 }, (_, i) => (i === 7 ? 'rejected' : 'fulfilled')),
        )
        expect(await raw(`SELECT count(*)::int AS n FROM portal_kit_webhook_events WHERE event_id = 'evt_7'`)).toEqual([
          { n: 0 },
        ])
        expect(await raw('SELECT count(*)::int AS n FROM portal_kit_invoices')).toEqual([{ n: 11 }])
      })
    })

    describe('customers', () => {
      it.runIf(options.createIsolatedPair)(
        'answers an event the account of a first link another instance committed while the event waited',
        async () => {
          const pair = await options.createIsolatedPair!()
          const [first, second] = pair.stores
          try {
            await Promise.all(pair.stores.map((s) => s.migrate()))
            const link = { customerId: 'cus_1', link: { accountId: 'acct_1', email: null } }
            let answered: Promise<{ claimed: boolean; accountId: string | null }> | undefined
            await first.transaction(async (tx) => {
              await tx.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
              // The second instance's statement begins now and waits on the row the first is writing,
              // so its own snapshot does not hold the link it then finds unchanged.
              answered = second.applyWebhookEventWithAccount!(
                { id: 'evt_updated', type: 'customer.updated', created: 100, customerId: 'cus_1' },
                { customer: link },
              )
              const waiting = async () =>
                (
                  await pair.raw(
                    `SELECT count(*)::int AS n FROM pg_stat_activity
                     WHERE wait_event_type = 'Lock' AND datname = current_database()`,
                  )
                )[0]
              for (let i = 0; i < 200 && (await waiting())?.n !== 1; i++) await new Promise((r) => setTimeout(r, 10))
              expect(await waiting()).toEqual({ n: 1 })
            })
            expect(await answered).toEqual({ claimed: true, accountId: 'acct_1' })
          } finally {
            await Promise.all(pair.stores.map((s) => s.close()))
            await pair.dispose()
          }
        },
      )

      it('writes customers through their indexes, never a full scan, whatever the table holds', async () => {
        // Planned as a hashed EXISTS, the "already stored" test read the whole table on every call,
        // so reconciling N customers in batches cost N^2 (issue 12).
        await raw(
          `INSERT INTO portal_kit_customers (customer_id, account_id)
           SELECT 'cus_' || g, 'acct_' || g FROM generate_series(1, 10000) AS g`,
        )
        await raw('ANALYZE portal_kit_customers')
        const batch = Array.from({ length: 100 }, (_, i) => ({
          customer_id: `cus_${i * 7}`,
          account_id: `acct_${i * 7}`,
          email: null,
          link: i % 2 === 0,
          deleted: false,
          synced_at: '2026-11-21T10:00:00Z',
          event_id: null,
        }))
        const scans = async (sql: string, params: unknown[]) => {
          const found: string[] = []
          const walk = (node: Record<string, unknown>) => {
            if (typeof node['Relation Name'] === 'string') {
              // An index-only scan is an index scan too.
              const type = String(node['Node Type']).replace('Index Only Scan', 'Index Scan')
              found.push(`${type} ${node['Relation Name']} ${node['Index Name'] ?? ''}`.trim())
            }
            for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child)
          }
          const [row] = await raw(`EXPLAIN (FORMAT JSON) ${sql}`, params)
          const plan = row?.['QUERY PLAN']
          walk((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan)
          return found
        }
        const customerScans = await scans(customerWritesSql, [JSON.stringify(batch)])
        expect(customerScans).toContain('Index Scan portal_kit_customers portal_kit_customers_pkey')
        expect(customerScans).toContain('Index Scan portal_kit_customers portal_kit_customers_account_id_key')
        expect(customerScans.filter((s) => s.startsWith('Seq Scan'))).toEqual([])

        const events = batch.map((c, i) => ({
          event_id: `evt_${i}`,
          type: 'customer.updated',
          customer_id: c.customer_id,
          event_created: 1,
        }))
        const customerRows = JSON.stringify(batch.map((c, i) => ({ ...c, event_id: `evt_${i}` })))
        // The claim with its customer writes, with and without the account answered, and the account
        // answered for events that do not write the customer: each reads customers by key.
        const webhookStatements = [
          { customers: true, account: false, params: [JSON.stringify(events), customerRows] },
          { customers: true, account: true, params: [JSON.stringify(events), customerRows] },
          { customers: false, account: true, params: [JSON.stringify(events)] },
        ]
        for (const { customers, account, params } of webhookStatements) {
          const webhookScans = await scans(
            applyWebhookEventsSql({ subscriptions: false, customers, invoices: false, account }),
            params,
          )
          expect(webhookScans).toContain('Index Scan portal_kit_customers portal_kit_customers_pkey')
          expect(
            webhookScans.filter((s) => s.startsWith('Seq Scan portal_kit_customers')),
            `customers: ${customers}, account: ${account}`,
          ).toEqual([])
        }

        const visitScans = await scans(customerForVisitSql, ['acct_77'])
        expect(visitScans).toContain('Index Scan portal_kit_customers portal_kit_customers_account_id_key')
        expect(visitScans.filter((s) => s.startsWith('Seq Scan'))).toEqual([])
      })
    })

    describe('webhook statements', () => {
      it('writes only the tables its events touch, in the fixed table order, one statement per shape, answering accounts or not, for one event or many', async () => {
        const tables = ['subscriptions', 'customers', 'invoices'] as const
        for (let bits = 0; bits < 32; bits++) {
          const shape = {
            subscriptions: (bits & 1) !== 0,
            customers: (bits & 2) !== 0,
            invoices: (bits & 4) !== 0,
            account: (bits & 8) !== 0,
            single: (bits & 16) !== 0,
          }
          const written = tables.filter((t) => shape[t])
          const sqlText = applyWebhookEventsSql(shape)
          // A lone event's statement takes a parameter per column, null here; otherwise a JSON array per table.
          const params = shape.single
            ? Array.from(
                { length: Math.max(0, ...[...sqlText.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))) },
                () => null,
              )
            : ['[]', ...written.map(() => '[]')]
          const [row] = await raw(`EXPLAIN (FORMAT JSON) ${sqlText}`, params)
          const plan = row?.['QUERY PLAN']
          const inserts: string[] = []
          const walk = (node: Record<string, unknown>) => {
            if (node['Node Type'] === 'ModifyTable') inserts.push(String(node['Relation Name']))
            for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child)
          }
          walk((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan)
          expect(inserts.sort(), JSON.stringify(shape)).toEqual(
            ['portal_kit_webhook_events', ...written.map((t) => `portal_kit_${t}`)].sort(),
          )
          // Each table's write waits for the one before it (the lock order manual sync also keeps).
          const sql = applyWebhookEventsSql(shape)
          const starts = written.map((t) => sql.indexOf(`${t} AS (`))
          expect(starts, JSON.stringify(shape)).toEqual([...starts].sort((a, b) => a - b))
          for (const [i, t] of written.entries()) {
            if (i === 0) continue
            const body = sql.slice(starts[i], starts[i + 1] ?? sql.length)
            expect(body, `${t} waits for ${written[i - 1]}`).toContain(`(SELECT count(*) FROM ${written[i - 1]}) >= 0`)
          }
        }
      })

      it('writes the same rows for events applied one at a time as for the same events applied together', async () => {
        const subscription = (id: string, customer: string, status: 'active' | 'past_due') =>
          fixtureSubscription({ id, customer, status })
        const invoice = (id: string, customer: string, subscription: string) =>
          testInvoice({ id, customer, status: 'paid', subscription })
        // Every table, every column: versions, payment records merged into them, links, deletions, sync times,
        // invoices, and a same-second guard; each event a row or none of each table.
        const events = Array.from({ length: 12 }, (_, i) => {
          const customerId = `cus_${i % 6}`
          const subscriptionId = `sub_${i % 6}`
          const claim = {
            id: `evt_${i}`,
            type: 'test.event',
            created: 1000 + i,
            customerId,
            ...(i % 4 === 3 ? { unlessStoredInSameSecond: subscriptionId } : {}),
          }
          const writes = {
            ...(i % 2 === 0
              ? {
                  subscriptions: [
                    {
                      subscription: subscription(subscriptionId, customerId, i % 3 === 0 ? 'past_due' : 'active'),
                      sourceAt: (1000 + i) * 1000,
                      sourceRank: i % 3,
                      sourceId: `evt_${i}`,
                    },
                  ],
                }
              : {}),
            ...(i % 3 !== 1
              ? {
                  payment:
                    i % 2 === 0
                      ? { subscriptionId, customerId, at: 1000 + i, outcome: 'paid' as const }
                      : {
                          subscriptionId,
                          customerId,
                          at: 1000 + i,
                          outcome: 'failed' as const,
                          actionRequired: i % 5 === 0,
                        },
                }
              : {}),
            ...(i % 3 !== 2
              ? {
                  customer: {
                    customerId,
                    ...(i === 7
                      ? { deleted: true }
                      : { link: { accountId: `acct_${i % 6}`, email: `c${i}@example.com` } }),
                    ...(i % 4 === 0 ? { syncedAt: new Date(Date.UTC(2026, 10, 21, 10, i)) } : {}),
                  },
                }
              : {}),
            ...(i % 2 === 1
              ? {
                  invoice: { invoice: invoice(`in_${i % 6}`, customerId, subscriptionId), sourceAt: (1000 + i) * 1000 },
                }
              : {}),
          }
          return { claim, writes }
        })
        const rows = async () => ({
          events: await raw(
            'SELECT event_id, type, customer_id, event_created FROM portal_kit_webhook_events ORDER BY 1',
          ),
          subscriptions:
            await raw(`SELECT subscription_id, customer_id, status, data, source_at, source_rank, source_id,
            failed_payment_times, last_paid_at, action_required_at FROM portal_kit_subscriptions ORDER BY 1`),
          customers: await raw(
            'SELECT customer_id, account_id, email, deleted, synced_at FROM portal_kit_customers ORDER BY 1',
          ),
          invoices: await raw(`SELECT invoice_id, customer_id, subscription_id, status, amount_due, currency,
            hosted_invoice_url, created, source_at FROM portal_kit_invoices ORDER BY 1`),
        })
        const alone: boolean[] = []
        for (const { claim, writes } of events) alone.push(await store.applyWebhookEvent(claim, writes))
        const oneAtATime = await rows()
        await raw(`TRUNCATE ${sqlStoreTables.join(', ')}`)
        // Events of one subscription or customer go in separate statements, so apply each sixth together.
        const together: boolean[] = []
        for (let first = 0; first < events.length; first += 6) {
          const group = events.slice(first, first + 6)
          together.push(
            ...(await Promise.all(group.map(({ claim, writes }) => store.applyWebhookEvent(claim, writes)))),
          )
        }
        expect(together).toEqual(alone)
        expect(await rows()).toEqual(oneAtATime)
        expect(oneAtATime.subscriptions).toHaveLength(5)
        expect(oneAtATime.invoices).toHaveLength(3)
        expect(oneAtATime.customers.filter((c) => c.deleted)).toHaveLength(1)
      })

      it('applies a batch whose events write different tables, each only when claimed', async () => {
        await store.applyWebhookEvent(
          { id: 'evt_seen', type: 'customer.updated', created: 1, customerId: 'cus_2' },
          { customer: { customerId: 'cus_2', link: { accountId: 'acct_2', email: null } } },
        )
        const subscription = fixtureSubscription({ id: 'sub_1', customer: 'cus_1', status: 'active' })
        const results = await Promise.all([
          store.applyWebhookEvent(
            { id: 'evt_sub', type: 'customer.subscription.updated', created: 2, customerId: 'cus_1' },
            { subscriptions: [{ subscription, sourceAt: 2999, sourceRank: 10, sourceId: 'evt_sub' }] },
          ),
          store.applyWebhookEvent(
            { id: 'evt_seen', type: 'customer.updated', created: 1, customerId: 'cus_2' },
            { customer: { customerId: 'cus_2', link: { accountId: 'acct_other', email: 'x@example.com' } } },
          ),
          store.applyWebhookEvent(
            { id: 'evt_new_customer', type: 'customer.created', created: 3, customerId: 'cus_3' },
            { customer: { customerId: 'cus_3', link: { accountId: 'acct_3', email: null } } },
          ),
        ])
        expect(results).toEqual([true, false, true])
        expect(await raw('SELECT subscription_id, status FROM portal_kit_subscriptions')).toEqual([
          { subscription_id: 'sub_1', status: 'active' },
        ])
        expect(
          await raw('SELECT customer_id, account_id, email FROM portal_kit_customers ORDER BY customer_id'),
        ).toEqual([
          { customer_id: 'cus_2', account_id: 'acct_2', email: null },
          { customer_id: 'cus_3', account_id: 'acct_3', email: null },
        ])
      })
    })

    describe('claims guarded by the same second, revision reads and sync slots', () => {
      it('refuses a guarded claim, writing nothing, only while the subscription is stored from the event’s second', async () => {
        // A fetch stored at 400 ms into second 1000, and an event of that second at the same lifecycle stage.
        const version = (status: 'active' | 'past_due', sourceAt: number, sourceRank: number, sourceId: string) => ({
          subscription: fixtureSubscription({ id: 'sub_1', customer: 'cus_1', status }),
          sourceAt,
          sourceRank,
          sourceId,
        })
        await store.upsertSubscriptions([version('active', 1000 * 1000 + 400, 0, 'fetch')])
        const guarded = {
          id: 'evt_tie',
          type: 'customer.subscription.updated',
          created: 1000,
          customerId: 'cus_1',
          unlessStoredInSameSecond: 'sub_1',
        }
        const pastDue = { subscriptions: [version('past_due', 1000 * 1000 + 999, 33, 'evt_tie')] }
        expect(await store.applyWebhookEvent(guarded, pastDue)).toBe(false)
        expect(await raw('SELECT * FROM portal_kit_webhook_events')).toEqual([])
        expect(await raw('SELECT status FROM portal_kit_subscriptions')).toEqual([{ status: 'active' }])

        // The same guard on an event of the next second, and the unguarded claim: both applied.
        const later = { ...guarded, id: 'evt_later', created: 1001 }
        expect(
          await store.applyWebhookEvent(later, {
            subscriptions: [version('past_due', 1001 * 1000 + 999, 33, 'evt_later')],
          }),
        ).toBe(true)
        expect(await raw('SELECT status FROM portal_kit_subscriptions')).toEqual([{ status: 'past_due' }])
        const { unlessStoredInSameSecond: _, ...unguarded } = guarded
        expect(await store.applyWebhookEvent(unguarded, pastDue)).toBe(true)
        expect(await raw('SELECT event_id FROM portal_kit_webhook_events ORDER BY event_id')).toEqual([
          { event_id: 'evt_later' },
          { event_id: 'evt_tie' },
        ])
      })

      it('claims a guarded event whose lifecycle stage orders it against the same-second version', async () => {
        // Checkout's pair from second 1000: created (incomplete, rank 10), then updated (active, rank 32).
        const version = (status: 'incomplete' | 'active', sourceRank: number, sourceId: string) => ({
          subscription: fixtureSubscription({ id: 'sub_1', customer: 'cus_1', status }),
          sourceAt: 1000 * 1000 + 999,
          sourceRank,
          sourceId,
        })
        const claim = (id: string, type: string) => ({
          id,
          type,
          created: 1000,
          customerId: 'cus_1',
          unlessStoredInSameSecond: 'sub_1',
        })
        const created = claim('evt_created', 'customer.subscription.created')
        const activated = claim('evt_activated', 'customer.subscription.updated')
        expect(
          await store.applyWebhookEvent(activated, { subscriptions: [version('active', 32, 'evt_activated')] }),
        ).toBe(true)
        // The creation arrives last: recorded, and the active state it precedes stays.
        expect(
          await store.applyWebhookEvent(created, { subscriptions: [version('incomplete', 10, 'evt_created')] }),
        ).toBe(true)
        expect(await raw('SELECT status, source_id FROM portal_kit_subscriptions')).toEqual([
          { status: 'active', source_id: 'evt_activated' },
        ])
        expect(await raw('SELECT event_id FROM portal_kit_webhook_events ORDER BY event_id')).toEqual([
          { event_id: 'evt_activated' },
          { event_id: 'evt_created' },
        ])

        // In the usual order, on a fresh subscription: the activation replaces the creation.
        await store.upsertSubscriptions([
          {
            ...version('incomplete', 10, 'evt_created_2'),
            subscription: fixtureSubscription({ id: 'sub_2', customer: 'cus_1', status: 'incomplete' }),
          },
        ])
        expect(
          await store.applyWebhookEvent(
            { ...claim('evt_activated_2', 'customer.subscription.updated'), unlessStoredInSameSecond: 'sub_2' },
            {
              subscriptions: [
                {
                  ...version('active', 32, 'evt_activated_2'),
                  subscription: fixtureSubscription({ id: 'sub_2', customer: 'cus_1', status: 'active' }),
                },
              ],
            },
          ),
        ).toBe(true)
        expect(await raw(`SELECT status FROM portal_kit_subscriptions WHERE subscription_id = 'sub_2'`)).toEqual([
          { status: 'active' },
        ])
      })

      it('gives each of many accounts asked at once its own revision, as when asked alone', async () => {
        const accounts = ['acct_1', 'acct_2', 'acct_deleted', 'acct_unknown', 'acct\u0000nul', 'acct_1']
        for (const [i, accountId] of ['acct_1', 'acct_2', 'acct_deleted', 'acct\u0000nul'].entries()) {
          await store.linkCustomer({ customerId: `cus_${i}`, accountId })
        }
        await store.markCustomerDeleted('cus_2')
        await store.upsertSubscriptions(
          ['sub_b', 'sub_a'].map((id) => ({
            subscription: fixtureSubscription({ id, customer: 'cus_1' }),
            sourceAt: 1,
            sourceRank: 0,
            sourceId: 'a',
          })),
        )
        const alone: string[] = []
        for (const accountId of accounts) alone.push(await store.statusRevision(accountId))
        expect(alone[2]).toBe('none')
        expect(alone[3]).toBe('none')
        expect(alone[1]).toMatch(/^cus_1@\d+;sub_a@\d+,sub_b@\d+$/)
        expect(alone[4]).toMatch(/^cus_3@\d+;$/)
        expect(await Promise.all(accounts.map((accountId) => store.statusRevision(accountId)))).toEqual(alone)
      })

      it('writes nothing when releasing a slot not held with a return sync owed, so the account’s status revision stays', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        await store.releaseSyncSlot('cus_1')
        const before = await store.statusRevision('acct_1')
        await store.releaseSyncSlot('cus_1')
        expect(await store.statusRevision('acct_1')).toBe(before)
        expect(await store.claimSyncSlot('cus_1', 10)).toEqual({ granted: true })
        await store.releaseSyncSlot('cus_1')
        expect(await store.statusRevision('acct_1')).not.toBe(before)
      })

      it('finds an account’s customer and frees its sync slot in one statement, writing only when a slot is held or no return sync is owed', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1', email: 'one@example.com' })
        await store.linkCustomer({ customerId: 'cus_2', accountId: 'acct_2' })
        await store.markCustomerDeleted('cus_2')
        expect(await store.findCustomerAndReleaseSyncSlot('acct_unknown')).toBeNull()
        expect(await store.findCustomerAndReleaseSyncSlot('acct_2')).toBeNull()

        // The first visit owes its return a sync, which writes; the next ones find nothing to change.
        const first = await store.findCustomerAndReleaseSyncSlot('acct_1')
        expect(first).toEqual(await store.findCustomerByAccount('acct_1'))
        const idle = await store.statusRevision('acct_1')
        const found = await store.findCustomerAndReleaseSyncSlot('acct_1')
        expect(found).toEqual(first)
        expect(found).toMatchObject({ customerId: 'cus_1', accountId: 'acct_1', email: 'one@example.com' })
        expect(await store.statusRevision('acct_1')).toBe(idle)

        expect(await store.claimSyncSlot('cus_1', 60)).toEqual({ granted: true })
        expect((await store.claimSyncSlot('cus_1', 60)).granted).toBe(false)
        const released = await store.findCustomerAndReleaseSyncSlot('acct_1')
        // The row version it answers is the row as it now stands, after the release.
        expect(released).toEqual(await store.findCustomerByAccount('acct_1'))
        expect(await store.claimSyncSlot('cus_1', 60)).toEqual({ granted: true })
      })
    })

    describe('manual sync rate limit', () => {
      it('grants one sync per interval per customer and says when to retry', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        expect(await store.claimSyncSlot('cus_1', 10)).toEqual({ granted: true })
        const denied = await store.claimSyncSlot('cus_1', 10)
        expect(denied.granted).toBe(false)
        expect(denied.granted === false && denied.retryAfterSeconds).toBeGreaterThanOrEqual(9)
        await raw(`UPDATE portal_kit_customers SET sync_requested_at = now() - interval '11 seconds'`)
        expect(await store.claimSyncSlot('cus_1', 10)).toEqual({ granted: true })
      })
    })

    describe('invoices', () => {
      it('keeps the newest version of an invoice', async () => {
        const invoice = testInvoice({ id: 'in_1', customer: 'cus_1', status: 'open' })
        await store.upsertInvoice({ invoice: { ...invoice, status: 'paid' }, sourceAt: 2000 })
        await store.upsertInvoice({ invoice, sourceAt: 1000 })
        expect(await raw('SELECT invoice_id, subscription_id, status FROM portal_kit_invoices')).toEqual([
          { invoice_id: 'in_1', subscription_id: 'sub_1', status: 'paid' },
        ])
      })

      it('rewrites no row when a write repeats what is stored, as invoice.paid and invoice.payment_succeeded do', async () => {
        const invoice = testInvoice({ id: 'in_1', customer: 'cus_1', status: 'paid', subscription: null })
        const rowVersions = () =>
          raw(`SELECT 'invoice' AS t, xmin::text AS v FROM portal_kit_invoices
            UNION ALL SELECT 'subscription', xmin::text FROM portal_kit_subscriptions
            UNION ALL SELECT 'customer', xmin::text FROM portal_kit_customers ORDER BY 1`)
        const writes = {
          customer: { customerId: 'cus_1', link: { accountId: 'acct_1', email: 'one@example.com' } },
          payment: { subscriptionId: 'sub_1', customerId: 'cus_1', at: 100, outcome: 'paid' as const },
          invoice: { invoice, sourceAt: 100_000 },
        }
        await store.applyWebhookEvent(
          { id: 'evt_paid', type: 'invoice.paid', created: 100, customerId: 'cus_1' },
          writes,
        )
        const stored = await rowVersions()
        expect(stored).toHaveLength(3)

        const claimed = await store.applyWebhookEvent(
          { id: 'evt_succeeded', type: 'invoice.payment_succeeded', created: 100, customerId: 'cus_1' },
          writes,
        )
        await store.upsertInvoice({ invoice, sourceAt: 100_000 })
        expect(claimed).toBe(true)
        expect(await rowVersions()).toEqual(stored)

        await store.upsertInvoice({ invoice: { ...invoice, hosted_invoice_url: null }, sourceAt: 100_000 })
        expect(await raw('SELECT hosted_invoice_url FROM portal_kit_invoices')).toEqual([{ hosted_invoice_url: null }])
      })
    })
  })
}
