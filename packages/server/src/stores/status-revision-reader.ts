import { accountIdToColumn } from './account-id-column.js'
import type { SqlQueryable } from './sql-client.js'

interface Waiter {
  resolve: (revision: string) => void
  reject: (error: unknown) => void
}

/**
 * At most this many accounts per read. The LIMIT also caps the planner's row estimate (100 for a
 * JSON array), so a read is never costed past `jit_above_cost`: right after a bulk load, before
 * autovacuum has analyzed the tables, the estimate made every read pay 15 ms of JIT compilation.
 */
const maxAccountsPerRead = 16

/**
 * The revisions of many accounts in one read, as `statusRevision` defines them: each customer row
 * found by account, then its subscription rows' versions in id order. LATERAL ... LIMIT 1 keeps it
 * an index probe per account.
 */
export const statusRevisionsSql = `SELECT a.account_id, c.customer_id || '@' || c.row_version || ';' || COALESCE((
    SELECT string_agg(s.subscription_id || '@' || s.xmin::text, ',' ORDER BY s.subscription_id)
    FROM portal_kit_subscriptions s WHERE s.customer_id = c.customer_id AND s.data IS NOT NULL), '') AS revision
  FROM (SELECT jsonb_array_elements_text($1::jsonb) AS account_id LIMIT ${maxAccountsPerRead}) AS a
  JOIN LATERAL (SELECT o.customer_id, o.xmin::text AS row_version FROM portal_kit_customers o
    WHERE o.account_id = a.account_id AND NOT o.deleted LIMIT 1) AS c ON true`

/**
 * Conditional status requests are what polling clients send, many at once. A revision asked for
 * while `maxStatements` reads are in flight waits for one of them, then goes with every other
 * account asked meanwhile in one read: one round trip for many requests. A read starts only after
 * the requests it answers arrived, so it sees every write committed before them (another
 * instance's too); an idle server adds no delay.
 */
export class StatusRevisionReader {
  private readonly queue = new Map<string, Waiter[]>()
  private inFlight = 0

  constructor(
    private readonly db: SqlQueryable,
    private readonly maxStatements = 2,
  ) {}

  read(accountId: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const key = accountIdToColumn(accountId)
      const waiting = this.queue.get(key)
      if (waiting) waiting.push({ resolve, reject })
      else this.queue.set(key, [{ resolve, reject }])
      this.pump()
    })
  }

  private pump(): void {
    while (this.inFlight < this.maxStatements && this.queue.size > 0) {
      const batch = new Map<string, Waiter[]>()
      for (const [key, waiters] of this.queue) {
        if (batch.size === maxAccountsPerRead) break
        batch.set(key, waiters)
      }
      for (const key of batch.keys()) this.queue.delete(key)
      this.inFlight++
      void this.run(batch).finally(() => {
        this.inFlight--
        this.pump()
      })
    }
  }

  private async run(batch: Map<string, Waiter[]>): Promise<void> {
    try {
      const rows = await this.db.query<{ account_id: string; revision: string }>(
        statusRevisionsSql,
        [JSON.stringify([...batch.keys()])],
        'portal_kit_status_revisions',
      )
      const found = new Map(rows.map((r) => [r.account_id, r.revision]))
      for (const [key, waiters] of batch) for (const w of waiters) w.resolve(found.get(key) ?? 'none')
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error)
    }
  }
}
