import { invalidRequest } from './stripe-api-error.js'

/** How a searchable field compares: strings exactly or by substring, numbers and timestamps also by range. */
export type SearchFieldType = 'string' | 'number' | 'boolean'

export interface SearchField {
  type: SearchFieldType
  /** The field's value on a stored object (`subscription` of an invoice lives under `parent`). */
  read: (object: Record<string, unknown>) => unknown
}

/** The fields Stripe lets one resource search by (besides `metadata['key']`), e.g. `customers`. */
export interface SearchFields {
  resource: string
  fields: Record<string, SearchField>
}

export type SearchOperator = ':' | '~' | '>' | '<' | '>=' | '<='

/** One clause of Stripe's search query language: `email:'a@b.c'`, `metadata['key']:'v'`, `created>1700000000`. */
export interface SearchClause {
  field: string
  /** Set for `metadata['key']` clauses. */
  metadataKey?: string
  operator: SearchOperator
  /** `null` for `field:null`. */
  value: string | null
  negated: boolean
}

export interface SearchQuery {
  clauses: SearchClause[]
  combinator: 'AND' | 'OR'
}

const clausePattern =
  /\s*(-)?(metadata\[(?:'([^']*)'|"([^"]*)")\]|[a-z_]+)(>=|<=|:|~|>|<)(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)\b|(null)\b)/y
const combinatorPattern = /\s+(AND|OR)\s+/y

/**
 * Parses Stripe's search query language: clauses `field:value` (exact), `field~value` (substring, 3+ characters),
 * `field>n`, `<`, `>=`, `<=` (numbers and timestamps), `field:null`, `metadata['key']:value`, each optionally negated
 * with `-`, joined by AND or by OR (not both, as on Stripe). Fields outside `searchable` are refused.
 */
export function parseSearchQuery(query: string, searchable: SearchFields): SearchQuery {
  const text = query.trim()
  if (!text) throw invalidRequest('Search query cannot be empty.', 'query')
  const clauses: SearchClause[] = []
  const combinators = new Set<string>()
  let at = 0
  while (at < text.length) {
    if (clauses.length > 0) {
      combinatorPattern.lastIndex = at
      const joined = combinatorPattern.exec(text)
      if (!joined) throw syntaxError(text, at)
      combinators.add(joined[1] as string)
      at = combinatorPattern.lastIndex
    }
    clausePattern.lastIndex = at
    const m = clausePattern.exec(text)
    if (!m) throw syntaxError(text, at)
    at = clausePattern.lastIndex
    clauses.push(readClause(m, searchable))
  }
  if (combinators.size > 1) throw invalidRequest('Search queries cannot mix AND and OR.', 'query')
  return { clauses, combinator: combinators.has('OR') ? 'OR' : 'AND' }
}

function readClause(m: RegExpExecArray, searchable: SearchFields): SearchClause {
  const metadataKey = m[3] ?? m[4]
  const field = metadataKey !== undefined ? 'metadata' : (m[2] as string)
  const operator = m[5] as SearchOperator
  const value = m[9] !== undefined ? null : (m[6] ?? m[7] ?? m[8] ?? '').replace(/\\(.)/g, '$1')
  const type = field === 'metadata' ? 'string' : searchable.fields[field]?.type
  if (type === undefined) {
    throw invalidRequest(
      `Field '${field}' is an unsupported search field for resource ${searchable.resource}. See http://stripe.com/docs/search#query-fields-for-${searchable.resource} for a list of supported fields.`,
      'query',
    )
  }
  if (operator !== ':' && operator !== '~' && type !== 'number') {
    throw invalidRequest(`Field '${field}' does not support the '${operator}' operator; it is not numeric.`, 'query')
  }
  if (operator !== ':' && value === null) throw invalidRequest(`Only ':' can compare with null.`, 'query')
  if (operator === '~' && (type !== 'string' || (value ?? '').length < 3)) {
    throw invalidRequest(`Substring search ('~') needs a text field and at least 3 characters: ${m[0].trim()}`, 'query')
  }
  if (type === 'number' && value !== null && !/^-?\d+(\.\d+)?$/.test(value)) {
    throw invalidRequest(`Field '${field}' is numeric; '${value}' is not a number.`, 'query')
  }
  return {
    field,
    ...(metadataKey !== undefined ? { metadataKey } : {}),
    operator,
    value,
    negated: m[1] === '-',
  }
}

function syntaxError(text: string, at: number) {
  return invalidRequest(
    `The search query "${text}" is not valid Stripe search syntax near "${text.slice(at).trim()}".`,
    'query',
  )
}

export function matchesSearch(object: Record<string, unknown>, query: SearchQuery, searchable: SearchFields): boolean {
  const test = (clause: SearchClause): boolean => {
    const raw =
      clause.field === 'metadata'
        ? (object.metadata as Record<string, string> | null | undefined)?.[clause.metadataKey ?? '']
        : searchable.fields[clause.field]?.read(object)
    const hit = compare(raw, clause)
    return clause.negated ? !hit : hit
  }
  return query.combinator === 'AND' ? query.clauses.every(test) : query.clauses.some(test)
}

function compare(raw: unknown, clause: SearchClause): boolean {
  if (clause.value === null) return raw === null || raw === undefined
  if (raw === null || raw === undefined) return false
  if (typeof raw === 'number') {
    const n = Number(clause.value)
    switch (clause.operator) {
      case '>':
        return raw > n
      case '<':
        return raw < n
      case '>=':
        return raw >= n
      case '<=':
        return raw <= n
      default:
        return raw === n
    }
  }
  const value = String(raw).toLowerCase()
  const wanted = clause.value.toLowerCase()
  return clause.operator === '~' ? value.includes(wanted) : value === wanted
}
