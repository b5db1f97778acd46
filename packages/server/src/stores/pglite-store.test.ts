import { PGlite } from '@electric-sql/pglite'
import { runStoreConformance } from './conformance/run-store-conformance.js'
import { pgliteStore } from './pglite-store.js'

// One in-memory database per suite; PGlite is one process and one connection, so the
// two-instances-at-once migration case (createSecondStore) does not apply to it.
const db = new PGlite()

runStoreConformance({
  name: 'PGlite',
  createStore: async () => pgliteStore({ db }),
  raw: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
  cleanup: () => db.close(),
})
