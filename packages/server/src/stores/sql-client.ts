/** The minimal query interface the one SQL store runs on; PGlite and node-postgres each provide one. */
export interface SqlQueryable {
  /** `name` makes node-postgres prepare the statement once per connection; PGlite ignores it. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], name?: string): Promise<Row[]>
}

export interface SqlClient extends SqlQueryable {
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}
