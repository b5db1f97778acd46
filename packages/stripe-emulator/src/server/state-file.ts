import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { SerializedState } from '../state/emulator-state.js'

/** A state file that cannot be used; its message is meant for the person starting the emulator. */
export class StateFileError extends Error {}

/** Reads a state file written by `writeStateFile`, or `undefined` when there is none yet. */
export function readStateFile(path: string): SerializedState | undefined {
  if (!existsSync(path)) return undefined
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new StateFileError(`Cannot read the emulator state file ${path}: ${(error as Error).message}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new StateFileError(
      `The emulator state file ${path} is not valid JSON (was it cut short?). Delete it to start with an empty state.`,
    )
  }
  if (!isSerializedState(data)) {
    throw new StateFileError(
      `The emulator state file ${path} is not an emulator state (version 1 with objects, hidden and idempotency). Delete it to start with an empty state.`,
    )
  }
  return data
}

/** Writes atomically (temp file, then rename) so a crash mid-write never leaves half a file. */
export function writeStateFile(path: string, state: SerializedState): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.tmp`
  writeFileSync(tmp, JSON.stringify(state))
  renameSync(tmp, path)
}

/** Saves the state to its file some time after changes, coalescing bursts; `flush` saves what is pending now. */
export interface StateFileSaver {
  /** Something changed: a save is scheduled unless one already is. */
  changed(): void
  /** Saves now if anything changed since the last save (on close, so no change is lost). */
  flush(): void
  /** How many times the file was written (for tests and diagnostics). */
  readonly writes: number
}

/** The first save after a change waits this long, so a request's many changes are written once. */
const quietMs = 50
/** After a save that took `d` ms, the next waits at least this many times `d`: saving a large state stays a small share of the time. */
const spacingFactor = 9

/**
 * A saver whose cost stays a bounded share of the emulator's time however large the state: a save serializes
 * everything, so saves are coalesced (a timer that later changes do not push back, so a busy emulator still
 * saves) and spaced by how long the last one took. Errors are logged once until a save succeeds again.
 */
export function stateFileSaver(path: string, serialize: () => SerializedState): StateFileSaver {
  let timer: NodeJS.Timeout | undefined
  let dirty = false
  let lastEnd = 0
  let lastDuration = 0
  let failed = false
  let writes = 0
  const save = () => {
    clearTimeout(timer)
    timer = undefined
    if (!dirty) return
    dirty = false
    const start = performance.now()
    try {
      writeStateFile(path, serialize())
      writes++
      failed = false
    } catch (error) {
      if (!failed) console.error(`[stripe-emulator] could not save ${path}: ${(error as Error).message}`)
      failed = true
    }
    lastEnd = performance.now()
    lastDuration = lastEnd - start
  }
  return {
    changed() {
      dirty = true
      if (timer) return
      const now = performance.now()
      timer = setTimeout(save, Math.max(quietMs, lastEnd + spacingFactor * lastDuration - now))
    },
    flush: save,
    get writes() {
      return writes
    },
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isSerializedState(value: unknown): value is SerializedState {
  return (
    isRecord(value) &&
    value.version === 1 &&
    typeof value.sequence === 'number' &&
    Array.isArray(value.objects) &&
    value.objects.every((o) => isRecord(o) && typeof o.id === 'string' && typeof o.object === 'string') &&
    isRecord(value.hidden) &&
    Object.values(value.hidden).every(isRecord) &&
    isRecord(value.idempotency)
  )
}
