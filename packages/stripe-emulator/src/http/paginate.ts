import type { StoredObject } from '../state/emulator-state.js'
import type { Params } from './params.js'
import { invalidRequest, noSuchResource } from './stripe-api-error.js'

export interface ListObject<T> {
  object: 'list'
  data: T[]
  has_more: boolean
  url: string
}

/** Stripe list pagination over items already in list order: `limit` (1-100, default 10), `starting_after`, `ending_before`. */
export function paginate<T extends StoredObject>(items: T[], params: Params, url: string): ListObject<T> {
  const limit = params.integer('limit') ?? 10
  if (limit < 1 || limit > 100) {
    throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit')
  }
  const after = params.string('starting_after')
  const before = params.string('ending_before')
  let start = 0
  let end = items.length
  if (after) {
    const i = items.findIndex((o) => o.id === after)
    if (i === -1) throw noSuchResource('object', after, 'starting_after')
    start = i + 1
  }
  if (before) {
    const i = items.findIndex((o) => o.id === before)
    if (i === -1) throw noSuchResource('object', before, 'ending_before')
    end = i
    start = Math.max(start, end - limit)
  }
  const data = items.slice(start, Math.min(end, start + limit))
  const hasMore = before ? start > 0 : start + limit < end
  return { object: 'list', data, has_more: hasMore, url }
}

/** Parses `created` filters (or another timestamp field's, e.g. `canceled_at`): a timestamp or `{ gt, gte, lt, lte }`. */
export function createdFilter(params: Params, key = 'created'): (obj: StoredObject) => boolean {
  if (!params.has(key)) return () => true
  const exact = typeof params.raw[key] === 'string' ? params.integer(key) : undefined
  if (exact !== undefined) return (o) => o[key] === exact
  const range = params.requiredObject(key)
  range.only(['gt', 'gte', 'lt', 'lte'])
  const gt = range.integer('gt')
  const gte = range.integer('gte')
  const lt = range.integer('lt')
  const lte = range.integer('lte')
  return (o) => {
    const c = o[key]
    if (typeof c !== 'number') return false
    return (
      (gt === undefined || c > gt) &&
      (gte === undefined || c >= gte) &&
      (lt === undefined || c < lt) &&
      (lte === undefined || c <= lte)
    )
  }
}
