import type { EmulatorState, StoredObject } from '../state/emulator-state.js'
import type { LinkName } from '../state/object-links.js'
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
  const limit = readLimit(params)
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

/**
 * A list endpoint over stored objects of one `type` that match `filter`. Given `links` (the request's `customer`,
 * `subscription` or `test_clock` params) only the objects of the first one given are read; without, only the page
 * itself (and what the filter skips), never the whole type. `filter` must still check every param.
 */
export function paginateStored<T extends StoredObject>(
  state: EmulatorState,
  list: { type: string; filter: (obj: T) => boolean; links?: Partial<Record<LinkName, string | undefined>> },
  params: Params,
  url: string,
): ListObject<T> {
  const link = Object.entries(list.links ?? {}).find(([, value]) => value !== undefined)
  if (link)
    return paginate(state.listWhere(list.type, link[0] as LinkName, link[1] as string, list.filter), params, url)
  const limit = readLimit(params)
  const startingAfter = params.string('starting_after')
  const endingBefore = params.string('ending_before')
  if (startingAfter && !state.find(list.type, startingAfter)) {
    throw noSuchResource('object', startingAfter, 'starting_after')
  }
  if (endingBefore && !state.find(list.type, endingBefore)) {
    throw noSuchResource('object', endingBefore, 'ending_before')
  }
  const page = state.listPage(list.type, {
    limit,
    filter: list.filter,
    ...(startingAfter ? { startingAfter } : {}),
    ...(endingBefore ? { endingBefore } : {}),
  })
  return { object: 'list', data: page.data, has_more: page.hasMore, url }
}

function readLimit(params: Params): number {
  const limit = params.integer('limit') ?? 10
  if (limit < 1 || limit > 100) {
    throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit')
  }
  return limit
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
