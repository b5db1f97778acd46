import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import type { BillingStore } from './billing-store.js'
import { SqlBillingStore } from './sql-billing-store.js'
import type { SqlClient, SqlQueryable } from './sql-client.js'

export interface PgliteStoreOptions {
  /**
   * Directory for the database files, created when missing; omitted means in memory (lost on exit).
   * Stores that name one directory in one process share one database.
   */
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

/** One open database per data directory, shared by every store in the process that names it. */
interface SharedDatabase {
  db: Promise<PGlite>
  users: number
}

// On globalThis under a registered symbol, so two copies of this module (Turbopack evaluates route
// handlers and server components apart) still share one PGlite per directory instead of two that
// write the same files.
const registryKey = Symbol.for('@portal-kit/server/pglite-databases')

function sharedDatabases(): Map<string, SharedDatabase> {
  const holder = globalThis as typeof globalThis & { [registryKey]?: Map<string, SharedDatabase> }
  holder[registryKey] ??= new Map()
  return holder[registryKey]
}

/** `idb://`, `memory://` and other PGlite URLs are used as given; a path is made absolute and created. */
function isPgliteUrl(dataDir: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(dataDir)
}

async function openDatabase(dataDir: string | undefined): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite')
  if (dataDir && !isPgliteUrl(dataDir)) await mkdir(dataDir, { recursive: true })
  return PGlite.create(dataDir)
}

class PgliteClient implements SqlClient {
  /** The open database; a failed open is not kept, so the next query tries again. */
  private db: Promise<PGlite> | undefined
  private readonly key: string | undefined

  constructor(private readonly options: PgliteStoreOptions) {
    const dir = options.dataDir
    this.key = options.db || !dir ? undefined : isPgliteUrl(dir) ? dir : resolve(dir)
  }

  private open(): Promise<PGlite> {
    if (this.db) return this.db
    if (this.options.db) {
      this.db = Promise.resolve(this.options.db)
      return this.db
    }
    const key = this.key
    if (key === undefined) {
      this.db = this.forgetOnFailure(openDatabase(undefined))
      return this.db
    }
    const registry = sharedDatabases()
    let shared = registry.get(key)
    if (!shared) {
      const entry: SharedDatabase = { db: openDatabase(key), users: 0 }
      entry.db.catch(() => {
        if (registry.get(key) === entry) registry.delete(key)
      })
      registry.set(key, entry)
      shared = entry
    }
    shared.users++
    const entry = shared
    this.db = entry.db.catch((error: unknown) => {
      entry.users--
      this.db = undefined
      throw error
    })
    return this.db
  }

  private forgetOnFailure(db: Promise<PGlite>): Promise<PGlite> {
    return db.catch((error: unknown) => {
      this.db = undefined
      throw error
    })
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

  /** Closes the database when this was the last store using it (never a `db` passed in). */
  async close(): Promise<void> {
    const pending = this.db
    if (!pending || this.options.db) return
    this.db = undefined
    let db: PGlite
    try {
      db = await pending
    } catch {
      return
    }
    if (this.key !== undefined) {
      const registry = sharedDatabases()
      const entry = registry.get(this.key)
      if (entry && --entry.users > 0) return
      if (entry) registry.delete(this.key)
    }
    await db.close()
  }
}
