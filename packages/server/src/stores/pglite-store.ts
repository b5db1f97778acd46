import type { PGlite } from '@electric-sql/pglite'
import type { BillingStore } from './billing-store.js'
import { SqlBillingStore } from './sql-billing-store.js'
import type { SqlClient, SqlQueryable } from './sql-client.js'

export interface PgliteStoreOptions {
  /** Directory for the database files; omitted means in memory (lost on exit). */
  dataDir?: string
  /** An existing PGlite instance to use instead (the store will not close it). */
  db?: PGlite
}

/**
 * The embedded default store: Postgres compiled to WebAssembly, in one process, no server to run.
 * Good for development, tests and single-instance apps; use `postgresStore` for more than one instance.
 */
export function pgliteStore(options: PgliteStoreOptions = {}): BillingStore {
  return new SqlBillingStore(new PgliteClient(options))
}

class PgliteClient implements SqlClient {
  private db: Promise<PGlite> | undefined

  constructor(private readonly options: PgliteStoreOptions) {}

  private open(): Promise<PGlite> {
    this.db ??= this.options.db
      ? Promise.resolve(this.options.db)
      : import('@electric-sql/pglite').then(({ PGlite }) => PGlite.create(this.options.dataDir))
    return this.db
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const db = await this.open()
    return (await db.query<Row>(sql, params as unknown[])).rows
  }

  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const db = await this.open()
    return db.transaction((tx) =>
      fn({
        query: async <Row>(sql: string, params: readonly unknown[] = []) =>
          (await tx.query<Row>(sql, params as unknown[])).rows,
      }),
    )
  }

  async close(): Promise<void> {
    if (!this.db || this.options.db) return
    const db = await this.db
    await db.close()
  }
}
