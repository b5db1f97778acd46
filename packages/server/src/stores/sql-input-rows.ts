/** The columns of the rows a statement takes as input: name and Postgres type, in parameter order. */
export type InputColumns = readonly (readonly [name: string, type: string])[]

/** Any number of rows, as one JSON array parameter (`param`, e.g. `$2`) taken apart by Postgres. */
export function rowsFromJson(param: string, alias: string, columns: InputColumns): string {
  return `jsonb_to_recordset(${param}::jsonb) AS ${alias}(${columns.map(([name, type]) => `${name} ${type}`).join(', ')})`
}

/**
 * Exactly one row, as one parameter per column from `$first` on. A lone webhook event is most of them at
 * low load, and this spares Postgres parsing a JSON array and building each value again from it (about
 * 50 µs of a 600 µs write on the bench's machine; bench/README.md).
 */
export function rowFromParams(first: number, alias: string, columns: InputColumns): string {
  return `(SELECT ${columns.map(([name, type], i) => `$${first + i}::${type} AS ${name}`).join(', ')}) AS ${alias}`
}

/** The parameters `rowFromParams` takes for one row: JSON for `jsonb` columns, null for a missing value. */
export function rowParams(row: object, columns: InputColumns): unknown[] {
  const values = row as Record<string, unknown>
  return columns.map(([name, type]) => {
    const value = values[name]
    if (value === undefined || value === null) return null
    return type === 'jsonb' ? JSON.stringify(value) : value
  })
}
