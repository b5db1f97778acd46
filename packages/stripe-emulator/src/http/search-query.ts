import { invalidRequest } from './stripe-api-error.js'

/** One clause of Stripe's search query language: `email:'a@b.c'`, `metadata['key']:'value'`, `name~'ada'`. */
export interface SearchClause {
  field: string
  /** Set for `metadata['key']` clauses. */
  metadataKey?: string
  operator: ':' | '~'
  value: string
  negated: boolean
}

export interface SearchQuery {
  clauses: SearchClause[]
  combinator: 'AND' | 'OR'
}

const clausePattern =
  /^(-)?(metadata\[(?:'([^']*)'|"([^"]*)")\]|[a-z_]+)\s*(:|~)\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")$/

/**
 * Parses the subset of Stripe's search syntax the emulator supports: exact (`:`) and substring (`~`)
 * clauses on string fields and metadata, joined by AND or OR (not both), optionally negated with `-`.
 */
export function parseSearchQuery(query: string, fields: readonly string[]): SearchQuery {
  const trimmed = query.trim()
  if (!trimmed) throw invalidRequest('Search query cannot be empty.', 'query')
  const hasAnd = /\sAND\s/.test(trimmed)
  const hasOr = /\sOR\s/.test(trimmed)
  if (hasAnd && hasOr) throw invalidRequest('Search queries cannot mix AND and OR.', 'query')
  const combinator = hasOr ? 'OR' : 'AND'
  const clauses = trimmed.split(combinator === 'OR' ? /\s+OR\s+/ : /\s+AND\s+/).map((part) => {
    const m = clausePattern.exec(part.trim())
    if (!m) throw invalidRequest(`The search query "${part.trim()}" is not valid Stripe search syntax.`, 'query')
    const metadataKey = m[3] ?? m[4]
    const field = metadataKey !== undefined ? 'metadata' : (m[2] as string)
    if (field !== 'metadata' && !fields.includes(field)) {
      throw invalidRequest(`Field "${field}" is not supported in search queries for this resource.`, 'query')
    }
    return {
      field,
      ...(metadataKey !== undefined ? { metadataKey } : {}),
      operator: m[5] as ':' | '~',
      value: (m[6] ?? m[7] ?? '').replace(/\\(.)/g, '$1'),
      negated: m[1] === '-',
    }
  })
  return { clauses, combinator }
}

export function matchesSearch(object: Record<string, unknown>, query: SearchQuery): boolean {
  const test = (clause: SearchClause): boolean => {
    const raw =
      clause.field === 'metadata'
        ? (object.metadata as Record<string, string> | undefined)?.[clause.metadataKey ?? '']
        : object[clause.field]
    const value = typeof raw === 'string' ? raw : raw == null ? undefined : String(raw)
    const hit =
      value !== undefined &&
      (clause.operator === ':'
        ? value.toLowerCase() === clause.value.toLowerCase()
        : value.toLowerCase().includes(clause.value.toLowerCase()))
    return clause.negated ? !hit : hit
  }
  return query.combinator === 'AND' ? query.clauses.every(test) : query.clauses.some(test)
}
