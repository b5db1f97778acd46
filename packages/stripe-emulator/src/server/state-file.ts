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
