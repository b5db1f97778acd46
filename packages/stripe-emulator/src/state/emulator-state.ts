import { randomBytes } from 'node:crypto'
import { type ListEntry, ListOrder } from './list-order.js'
import { type LinkName, linkedTypes, linkValue } from './object-links.js'

/** Any Stripe object as stored: the exact JSON the API returns, with ids (not objects) for references. */
export interface StoredObject {
  id: string
  object: string
  [key: string]: unknown
}

export interface IdempotentResponse {
  method: string
  path: string
  paramsHash: string
  status: number
  body: string
}

export interface SerializedState {
  version: 1
  sequence: number
  objects: StoredObject[]
  hidden: Record<string, Record<string, unknown>>
  idempotency: Record<string, IdempotentResponse>
}

/** Which page of a list to read: Stripe's `limit`, `starting_after` and `ending_before` (ids of stored objects). */
export interface ListPageRequest<T extends StoredObject> {
  limit: number
  startingAfter?: string
  endingBefore?: string
  filter?: (obj: T) => boolean
}

/**
 * Every object the emulator knows, in insertion order, plus emulator-private fields kept apart
 * (`hidden`) so they never leak into API responses. Plain data so it serializes to a state file.
 * Each type is kept in list order, and the links in `object-links.ts` are indexed, so reading one
 * type, one customer's or one subscription's objects, or one page, costs the same however much is stored.
 */
export class EmulatorState {
  private objects = new Map<string, StoredObject>()
  private hiddenFields = new Map<string, Record<string, unknown>>()
  private entries = new Map<string, ListEntry>()
  private byType = new Map<string, ListOrder>()
  /** `type link` -> link value -> that type's objects with it. */
  private byLink = new Map<string, Map<string | null, ListOrder>>()
  private sequence = 0
  readonly idempotency = new Map<string, IdempotentResponse>()
  /** Checks every indexed read against a full scan (the emulator's own tests turn it on; it costs O(N) a read). */
  private readonly checkIndexes = process.env.STRIPE_EMULATOR_CHECK_INDEXES === '1'

  newId(prefix: string): string {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
    const bytes = randomBytes(24)
    let s = ''
    for (const b of bytes) s += alphabet[b % alphabet.length]
    return `${prefix}_${s}`
  }

  /** Stores an object as the newest; one stored under the same id before is replaced. Its `created` fixes its list place. */
  insert<T extends StoredObject>(obj: T): T {
    if (this.objects.has(obj.id)) this.unindex(obj.id)
    const entry: ListEntry = { object: obj, created: createdOf(obj), sequence: ++this.sequence }
    this.objects.set(obj.id, obj)
    this.entries.set(obj.id, entry)
    this.orderOf(obj.object).add(entry)
    for (const link of linkedTypes[obj.object] ?? []) this.linkOrder(obj.object, link, linkValue(obj, link)).add(entry)
    return obj
  }

  /** Finds an object of the given `object` type, or undefined. */
  find<T extends StoredObject = StoredObject>(type: string, id: string): T | undefined {
    const obj = this.objects.get(id)
    return obj && obj.object === type ? (obj as T) : undefined
  }

  /** Finds any object by id, whatever its type (used by `expand`). */
  findAny(id: string): StoredObject | undefined {
    return this.objects.get(id)
  }

  remove(id: string): void {
    if (this.objects.has(id)) this.unindex(id)
    this.hiddenFields.delete(id)
  }

  /** All objects of a type, newest first (Stripe's list order), read from that type alone. */
  list<T extends StoredObject = StoredObject>(type: string, filter?: (obj: T) => boolean): T[] {
    return collect(this.byType.get(type)?.newestFirst(), filter)
  }

  /** How many objects are stored, of every type. */
  get size(): number {
    return this.objects.size
  }

  /** How many objects of a type are stored. */
  count(type: string): number {
    return this.byType.get(type)?.size ?? 0
  }

  /**
   * Objects of a type whose `link` (see `object-links.ts`) is `value`, newest first: `listWhere('invoice',
   * 'customer', id)`. Indexed for the links Stripe never changes; any other pair is answered by a scan of the type.
   */
  listWhere<T extends StoredObject = StoredObject>(
    type: string,
    link: LinkName,
    value: string | null,
    filter?: (obj: T) => boolean,
  ): T[] {
    const matches = (obj: T) => linkValue(obj, link) === value && (!filter || filter(obj))
    if (!linkedTypes[type]?.includes(link)) return this.list(type, matches)
    const found = collect<T>(this.byLink.get(`${type} ${link}`)?.get(value)?.newestFirst(), matches)
    if (this.checkIndexes) this.assertSameAsScan(found, this.list(type, matches), `${type} by ${link} ${value}`)
    return found
  }

  /**
   * One page of `list(type, filter)` without building the list: newest first, `limit` objects after
   * `startingAfter` or before `endingBefore` (ids that must be stored), and whether more match beyond them.
   */
  listPage<T extends StoredObject = StoredObject>(
    type: string,
    request: ListPageRequest<T>,
  ): { data: T[]; hasMore: boolean } {
    const order = this.byType.get(type) ?? new ListOrder()
    const { limit, filter } = request
    const after = request.startingAfter === undefined ? undefined : this.entries.get(request.startingAfter)
    const before = request.endingBefore === undefined ? undefined : this.entries.get(request.endingBefore)
    const page = (objects: Iterable<StoredObject>, stop: (obj: StoredObject) => boolean) => {
      const data: T[] = []
      for (const obj of objects) {
        if (stop(obj)) return { data, hasMore: false }
        if (filter && !filter(obj as T)) continue
        if (data.length === limit) return { data, hasMore: true }
        data.push(obj as T)
      }
      return { data, hasMore: false }
    }
    if (!before) return page(order.newestFirst({ after }), () => false)
    // Going up from `endingBefore`: the `limit` objects just newer than it, then turned newest first.
    const up = page(order.oldestFirst({ after: before }), (obj) => obj.id === after?.object.id)
    up.data.reverse()
    return after ? { data: up.data, hasMore: true } : up
  }

  /** Emulator-private fields of an object (e.g. "charges fail" on a payment method). Mutable. */
  hidden<T extends Record<string, unknown> = Record<string, unknown>>(id: string): T {
    let h = this.hiddenFields.get(id)
    if (!h) {
      h = {}
      this.hiddenFields.set(id, h)
    }
    return h as T
  }

  clear(): void {
    this.objects.clear()
    this.hiddenFields.clear()
    this.entries.clear()
    this.byType.clear()
    this.byLink.clear()
    this.idempotency.clear()
    this.sequence = 0
  }

  serialize(): SerializedState {
    return {
      version: 1,
      sequence: this.sequence,
      // The map keeps insertion order: `insert` of a known id removes it first.
      objects: [...this.objects.values()],
      hidden: Object.fromEntries(this.hiddenFields),
      idempotency: Object.fromEntries(this.idempotency),
    }
  }

  load(data: SerializedState): void {
    this.clear()
    for (const obj of data.objects) this.insert(obj)
    this.sequence = Math.max(this.sequence, data.sequence)
    for (const [id, h] of Object.entries(data.hidden)) this.hiddenFields.set(id, h)
    for (const [k, v] of Object.entries(data.idempotency)) this.idempotency.set(k, v)
  }

  private unindex(id: string): void {
    const entry = this.entries.get(id) as ListEntry
    const obj = entry.object
    this.objects.delete(id)
    this.entries.delete(id)
    this.byType.get(obj.object)?.delete(entry)
    for (const link of linkedTypes[obj.object] ?? []) {
      const links = this.byLink.get(`${obj.object} ${link}`)
      const value = linkValue(obj, link)
      const order = links?.get(value)
      order?.delete(entry)
      if (order?.size === 0) links?.delete(value)
    }
  }

  private orderOf(type: string): ListOrder {
    let order = this.byType.get(type)
    if (!order) {
      order = new ListOrder()
      this.byType.set(type, order)
    }
    return order
  }

  private linkOrder(type: string, link: LinkName, value: string | null): ListOrder {
    const key = `${type} ${link}`
    let links = this.byLink.get(key)
    if (!links) {
      links = new Map()
      this.byLink.set(key, links)
    }
    let order = links.get(value)
    if (!order) {
      order = new ListOrder()
      links.set(value, order)
    }
    return order
  }

  private assertSameAsScan(found: StoredObject[], scanned: StoredObject[], what: string): void {
    const ids = (objects: StoredObject[]) => objects.map((o) => o.id).join(',')
    if (ids(found) !== ids(scanned)) {
      throw new Error(
        `Index of ${what} is stale: a linked field changed after insert (${ids(found)} vs ${ids(scanned)})`,
      )
    }
  }
}

function createdOf(obj: StoredObject): number {
  return typeof obj.created === 'number' ? obj.created : 0
}

function collect<T extends StoredObject>(
  objects: Iterable<StoredObject> | undefined,
  filter?: (obj: T) => boolean,
): T[] {
  const out: T[] = []
  if (!objects) return out
  for (const obj of objects) if (!filter || filter(obj as T)) out.push(obj as T)
  return out
}
