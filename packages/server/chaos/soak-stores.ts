import type { BillingStore } from '../src/stores/billing-store.js'
import { pgliteStore } from '../src/stores/pglite-store.js'
import { postgresStore } from '../src/stores/postgres-store.js'
import { createPostgresTestSchema } from '../src/testing/test-stores.js'

export interface SoakStores {
  /** 'Postgres' (two app instances, a pool each) or 'PGlite' (one instance). */
  name: 'Postgres' | 'PGlite'
  /** One store per app instance, all on one database. */
  instances: BillingStore[]
  /** Closes every store and drops the schema. */
  dispose(): Promise<void>
}

/**
 * The database the soak runs on: with `databaseUrl`, a fresh schema shared by two stores with
 * separate pools, as two app machines would hold; without it, one in-memory PGlite.
 */
export async function openSoakStores(databaseUrl: string | undefined): Promise<SoakStores> {
  if (!databaseUrl) {
    const store = pgliteStore()
    return { name: 'PGlite', instances: [store], dispose: () => store.close() }
  }
  const schema = await createPostgresTestSchema(databaseUrl)
  const instances = [0, 1].map(() => postgresStore({ connectionString: schema.url, max: 8 }))
  return {
    name: 'Postgres',
    instances,
    async dispose() {
      for (const store of instances) await store.close()
      await schema.dispose()
    },
  }
}
