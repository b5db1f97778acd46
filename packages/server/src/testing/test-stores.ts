import pg from 'pg'
import type { BillingStore } from '../stores/billing-store.js'
import { pgliteStore } from '../stores/pglite-store.js'
import { postgresStore } from '../stores/postgres-store.js'

export interface TestStore {
  name: 'PGlite' | 'Postgres'
  /** A store on a database of its own; `dispose` drops it. */
  create(): Promise<{ store: BillingStore; dispose: () => Promise<void> }>
}

const databaseUrl = process.env.DATABASE_URL
let schemaCount = 0

/** The stores behaviour tests run against: PGlite always, Postgres when DATABASE_URL is set. */
export function testStores(): TestStore[] {
  const stores: TestStore[] = [
    {
      name: 'PGlite',
      async create() {
        const store = pgliteStore()
        return { store, dispose: async () => {} }
      },
    },
  ]
  if (databaseUrl) {
    stores.push({
      name: 'Postgres',
      async create() {
        const schema = await createPostgresTestSchema(databaseUrl)
        return { store: postgresStore({ connectionString: schema.url, max: 20 }), dispose: schema.dispose }
      },
    })
  } else {
    console.warn('[portal-kit] DATABASE_URL is not set: webhook behaviour tests run on PGlite only.')
  }
  return stores
}

/**
 * A schema of its own on the Postgres at `databaseUrl`: `url` connects with it as the search path,
 * so every store made from it (one per app instance) shares its tables; `dispose` drops it.
 */
export async function createPostgresTestSchema(
  databaseUrl: string,
): Promise<{ url: string; dispose: () => Promise<void> }> {
  const schema = `portal_kit_it_${process.pid}_${Date.now()}_${schemaCount++}`
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const url = new URL(databaseUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: url.toString(),
    dispose: async () => {
      const cleanup = new pg.Client({ connectionString: databaseUrl })
      await cleanup.connect()
      await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await cleanup.end()
    },
  }
}
