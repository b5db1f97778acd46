import type { StoredObject } from './emulator-state.js'

/** An object with the key it is listed by: `created` as it was when stored, then the order it was stored in. */
export interface ListEntry {
  readonly object: StoredObject
  readonly created: number
  readonly sequence: number
}

/**
 * Objects kept in Stripe's list order (oldest `created` first here, read backwards for newest first; the same
 * second in storing order). Objects arrive almost always newest, so adding is an append; an older one (a test
 * clock in the past) is put in place by binary search. Reading a page never sorts and never looks past it.
 */
export class ListOrder {
  private readonly entries: ListEntry[] = []

  get size(): number {
    return this.entries.length
  }

  add(entry: ListEntry): void {
    const last = this.entries[this.entries.length - 1]
    if (!last || compare(last, entry) < 0) this.entries.push(entry)
    else this.entries.splice(this.positionOf(entry), 0, entry)
  }

  delete(entry: ListEntry): void {
    const at = this.positionOf(entry)
    if (this.entries[at]?.sequence === entry.sequence) this.entries.splice(at, 1)
  }

  /**
   * Newest first, starting just past `after` (older than it) or, going the other way, just before `before`
   * (newer than it, read from `before` upwards and returned newest first).
   */
  *newestFirst(from?: { after?: ListEntry }): Generator<StoredObject> {
    const start = from?.after ? this.positionOf(from.after) - 1 : this.entries.length - 1
    for (let i = start; i >= 0; i--) yield (this.entries[i] as ListEntry).object
  }

  /** Oldest first, starting just past `after` (newer than it). */
  *oldestFirst(from?: { after?: ListEntry }): Generator<StoredObject> {
    const start = from?.after ? this.positionOf(from.after) + (this.has(from.after) ? 1 : 0) : 0
    for (let i = start; i < this.entries.length; i++) yield (this.entries[i] as ListEntry).object
  }

  private has(entry: ListEntry): boolean {
    return this.entries[this.positionOf(entry)]?.sequence === entry.sequence
  }

  /** The index of `entry`, or where it would go: the first entry not older than it. */
  private positionOf(entry: ListEntry): number {
    let low = 0
    let high = this.entries.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (compare(this.entries[mid] as ListEntry, entry) < 0) low = mid + 1
      else high = mid
    }
    return low
  }
}

function compare(a: ListEntry, b: ListEntry): number {
  return a.created !== b.created ? a.created - b.created : a.sequence - b.sequence
}
