import type { SqlClient } from './sql-client.js'

export interface Migration {
  id: number
  name: string
  /** Run one by one; each is a single SQL statement (PGlite's extended protocol takes one at a time). */
  statements: readonly string[]
}

/** Schema of every store, in order. Never edit a shipped migration; add the next one. */
export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'initial schema',
    statements: [
      `CREATE TABLE IF NOT EXISTS portal_kit_customers (
  customer_id text PRIMARY KEY,
  account_id text UNIQUE,
  email text,
  deleted boolean NOT NULL DEFAULT false,
  synced_at timestamptz,
  sync_requested_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
      `CREATE TABLE IF NOT EXISTS portal_kit_subscriptions (
  subscription_id text PRIMARY KEY,
  customer_id text NOT NULL,
  status text,
  data jsonb,
  source_at bigint NOT NULL DEFAULT 0,
  source_rank integer NOT NULL DEFAULT 0,
  source_id text NOT NULL DEFAULT '',
  failed_payment_times bigint[] NOT NULL DEFAULT '{}',
  last_paid_at bigint,
  action_required_at bigint,
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
      `CREATE INDEX IF NOT EXISTS portal_kit_subscriptions_customer ON portal_kit_subscriptions (customer_id)`,
      `CREATE TABLE IF NOT EXISTS portal_kit_invoices (
  invoice_id text PRIMARY KEY,
  customer_id text NOT NULL,
  subscription_id text,
  status text,
  amount_due bigint,
  currency text,
  hosted_invoice_url text,
  created bigint,
  source_at bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
)`,
      `CREATE INDEX IF NOT EXISTS portal_kit_invoices_customer ON portal_kit_invoices (customer_id)`,
      `CREATE TABLE IF NOT EXISTS portal_kit_webhook_events (
  event_id text PRIMARY KEY,
  type text NOT NULL,
  customer_id text,
  event_created bigint NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now()
)`,
      `CREATE INDEX IF NOT EXISTS portal_kit_webhook_events_customer ON portal_kit_webhook_events (customer_id)`,
    ],
  },
  {
    id: 2,
    name: 'webhook event retention',
    statements: [
      `CREATE INDEX IF NOT EXISTS portal_kit_webhook_events_processed ON portal_kit_webhook_events (processed_at)`,
    ],
  },
  {
    id: 3,
    // No statement reads event claims by customer, and the index cost every claim an insert into it.
    name: 'drop the unread customer index of webhook events',
    statements: [`DROP INDEX IF EXISTS portal_kit_webhook_events_customer`],
  },
  {
    id: 4,
    // A subscription's JSON (4-5 KB) was compressed with pglz and still too wide for the row, so every
    // write also wrote TOAST chunks and their index, and every read fetched them back. Kept compressed in
    // the row, with lz4 where the server has it, a write and a read each cost less (bench/README.md).
    name: 'keep subscription JSON compressed in the row, with lz4 where available',
    statements: [
      `ALTER TABLE portal_kit_subscriptions ALTER COLUMN data SET STORAGE MAIN`,
      `DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE portal_kit_subscriptions ALTER COLUMN data SET COMPRESSION lz4;
  END IF;
END $$`,
    ],
  },
  {
    id: 5,
    // Opening the portal or Checkout owes the account one sync on its return, even if another sync (another
    // tab's) takes the slot meanwhile: that sync may come before what the customer did there.
    name: 'owe a return sync to a visit to Stripe',
    statements: [
      `ALTER TABLE portal_kit_customers ADD COLUMN IF NOT EXISTS return_sync_due boolean NOT NULL DEFAULT false`,
    ],
  },
]

/**
 * How long a migration statement waits for a table lock. An `ALTER TABLE` waiting for a lock makes every
 * later query on that table wait behind it, so the wait is kept short and the run tried again instead.
 */
export const migrationLockTimeoutMs = 2000

/** Tries a run gets when a lock wait gives up, and the pause after each failed try. */
const lockAttempts = 3
const pauseAfterAttemptMs = [500, 1000]

/** Postgres' `lock_not_available`, raised when `lock_timeout` ends a wait. */
const lockNotAvailable = '55P03'

/**
 * Applies every migration not yet recorded, in one transaction under an advisory lock, so running it
 * twice or from two processes at once is safe. Returns the ids it applied. A migration whose statement
 * waits more than `migrationLockTimeoutMs` for a table lock (a transaction holds the table open) rolls the
 * run back and the run is tried again, up to three times; then it fails with nothing changed.
 */
export async function runMigrations(client: SqlClient): Promise<number[]> {
  for (let attempt = 1; ; attempt++) {
    const running: { migration?: Migration } = {}
    try {
      return await runPendingMigrations(client, running)
    } catch (error) {
      if (!isLockTimeout(error) || !running.migration) throw error
      if (attempt >= lockAttempts) throw new MigrationLockTimeoutError(running.migration, attempt, error)
      await new Promise((resolve) => setTimeout(resolve, pauseAfterAttemptMs[attempt - 1]))
    }
  }
}

async function runPendingMigrations(client: SqlClient, running: { migration?: Migration }): Promise<number[]> {
  return client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(7419203365)`)
    await tx.query(`CREATE TABLE IF NOT EXISTS portal_kit_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const done = new Set(
      (await tx.query<{ id: number }>('SELECT id FROM portal_kit_migrations')).map((r) => Number(r.id)),
    )
    // Set after the advisory lock: another instance's run is waited for in full, a table lock only briefly.
    await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [`${migrationLockTimeoutMs}ms`])
    const applied: number[] = []
    for (const migration of migrations) {
      if (done.has(migration.id)) continue
      running.migration = migration
      for (const statement of migration.statements) await tx.query(statement)
      await tx.query('INSERT INTO portal_kit_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name])
      applied.push(migration.id)
    }
    return applied
  })
}

function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === lockNotAvailable
}

/** A migration that could not take the table lock it needs: another transaction kept the table open. */
export class MigrationLockTimeoutError extends Error {
  constructor(migration: Migration, attempts: number, cause: unknown) {
    const tables = [...new Set(migration.statements.join(' ').match(/portal_kit_\w+/g) ?? [])].join(', ')
    super(
      `Migration ${migration.id} (${migration.name}) waited over ${migrationLockTimeoutMs / 1000} s for a lock on ` +
        `${tables || 'its tables'}, ${attempts} times: another transaction keeps the table open. Nothing was ` +
        'changed; run the migration again when that transaction has ended.',
      { cause },
    )
    this.name = 'MigrationLockTimeoutError'
  }
}
