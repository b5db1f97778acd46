import type { Pool, PoolClient, PoolConfig } from 'pg'
import type { BillingStore } from './billing-store.js'
import { SqlBillingStore } from './sql-billing-store.js'
import type { SqlClient, SqlQueryable } from './sql-client.js'

export type PostgresStoreOptions =
  | {
      connectionString: string
      max?: number
      ssl?: PoolConfig['ssl']
      /**
       * How long a call waits for a connection, a new one or a free one of the pool, before it fails as
       * `store_unavailable` (a 503, so Stripe retries the webhook). Default 10000; node-postgres alone waits for ever.
       */
      connectionTimeoutMillis?: number
    }
  /** An existing node-postgres pool (the store will not end it; give it an 'error' listener, as node-postgres asks). */
  | { pool: Pool }

/** The production store: any Postgres through node-postgres, safe across many server instances. */
export function postgresStore(options: PostgresStoreOptions): BillingStore {
  return new SqlBillingStore(new PostgresClient(options))
}

class PostgresClient implements SqlClient {
  private pool: Promise<Pool> | undefined

  constructor(private readonly options: PostgresStoreOptions) {}

  private open(): Promise<Pool> {
    const options = this.options
    this.pool ??=
      'pool' in options
        ? Promise.resolve(options.pool)
        : import('pg').then((pg) => {
            const PoolClass = (pg.default ?? pg).Pool
            const pool = new PoolClass({
              connectionString: options.connectionString,
              max: options.max ?? 10,
              ssl: options.ssl,
              connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
            })
            // An idle connection Postgres ends (restart, failover, idle timeout) is an 'error' on the pool,
            // which unheard would crash the app. The pool drops that client; the next call connects anew,
            // and a call that fails still fails as store_unavailable.
            pool.on('error', () => {})
            return pool
          })
    return this.pool
  }

  async query<Row>(sql: string, params: readonly unknown[] = [], name?: string): Promise<Row[]> {
    const pool = await this.open()
    const result = await pool.query({ text: sql, values: params as unknown[], name })
    return result.rows as Row[]
  }

  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const pool = await this.open()
    const client: PoolClient = await pool.connect()
    let broken = false
    try {
      await client.query('BEGIN')
      const result = await fn({
        query: async <Row>(sql: string, params: readonly unknown[] = [], name?: string) =>
          (await client.query({ text: sql, values: params as unknown[], name })).rows as Row[],
      })
      await client.query('COMMIT')
      return result
    } catch (error) {
      try {
        await client.query('ROLLBACK')
      } catch {
        broken = true
      }
      throw error
    } finally {
      client.release(broken)
    }
  }

  async close(): Promise<void> {
    if (!this.pool || 'pool' in this.options) return
    const pool = await this.pool
    await pool.end()
  }
}
