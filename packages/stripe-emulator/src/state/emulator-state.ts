import { randomBytes } from 'node:crypto'

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

/**
 * Every object the emulator knows, in insertion order, plus emulator-private fields kept apart
 * (`hidden`) so they never leak into API responses. Plain data so it serializes to a state file.
 */
export class EmulatorState {
  private objects = new Map<string, StoredObject>()
  private hiddenFields = new Map<string, Record<string, unknown>>()
  private sequenceOf = new Map<string, number>()
  private sequence = 0
  readonly idempotency = new Map<string, IdempotentResponse>()

  newId(prefix: string): string {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
    const bytes = randomBytes(24)
    let s = ''
    for (const b of bytes) s += alphabet[b % alphabet.length]
    return `${prefix}_${s}`
  }

  insert<T extends StoredObject>(obj: T): T {
    this.objects.set(obj.id, obj)
    this.sequenceOf.set(obj.id, ++this.sequence)
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
    this.objects.delete(id)
    this.hiddenFields.delete(id)
    this.sequenceOf.delete(id)
  }

  /** All objects of a type, newest first (Stripe's list order). */
  list<T extends StoredObject = StoredObject>(type: string, filter?: (obj: T) => boolean): T[] {
    const out: T[] = []
    for (const obj of this.objects.values()) {
      if (obj.object === type && (!filter || filter(obj as T))) out.push(obj as T)
    }
    return out.sort((a, b) => {
      const byCreated = ((b.created as number) ?? 0) - ((a.created as number) ?? 0)
      return byCreated !== 0 ? byCreated : (this.sequenceOf.get(b.id) ?? 0) - (this.sequenceOf.get(a.id) ?? 0)
    })
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
    this.sequenceOf.clear()
    this.idempotency.clear()
    this.sequence = 0
  }

  serialize(): SerializedState {
    const ordered = [...this.objects.values()].sort(
      (a, b) => (this.sequenceOf.get(a.id) ?? 0) - (this.sequenceOf.get(b.id) ?? 0),
    )
    return {
      version: 1,
      sequence: this.sequence,
      objects: ordered,
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
}
