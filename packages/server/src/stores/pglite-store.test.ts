import { PGlite } from '@electric-sql/pglite'
import { runStoreConformance } from '../testing-kit/run-store-conformance.js'
import { runSqlStoreConformance, sqlStoreTables } from './conformance/run-sql-store-conformance.js'
import { pgliteStore } from './pglite-store.js'

// One in-memory database per suite; PGlite is one process and one connection, so the
// two-instances-at-once migration case (createIsolatedPair) does not apply to it.
const db = new PGlite()
const raw = async (sql: string, params?: unknown[]) => (await db.query<Record<string, unknown>>(sql, params)).rows

runSqlStoreConformance({
  name: 'PGlite',
  createStore: async () => pgliteStore({ db }),
  raw,
})

// The published contract suite: a store per case, on the same database emptied.
runStoreConformance({
  name: 'PGlite',
  createStore: async () => {
    const store = pgliteStore({ db })
    await store.migrate()
    await raw(`TRUNCATE ${sqlStoreTables.join(', ')}`)
    return store
  },
  cleanup: () => db.close(),
})
