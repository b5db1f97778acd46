import type { Emulator } from '../emulator.js'
import type { StoredObject } from '../state/emulator-state.js'
import { previousAttributes } from '../state/previous-attributes.js'

/** Emits `<type>` with `previous_attributes` when `after` differs from the `before` snapshot; nothing otherwise. */
export function emitUpdate(
  emulator: Emulator,
  type: string,
  before: StoredObject,
  after: StoredObject,
  testClock: string | null,
): boolean {
  const prev = previousAttributes(before, after)
  if (!prev) return false
  emulator.emit(type, after, { previousAttributes: prev, testClock })
  return true
}
