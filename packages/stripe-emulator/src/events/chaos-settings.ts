/**
 * Fault injection for webhook delivery. Rates are probabilities from 0 to 1, drawn per event and
 * endpoint; with a `seed` the draws repeat exactly for the same sequence of events.
 */
export interface ChaosSettings {
  /** Deliver an event a second time (the copy is queued right behind the original). */
  duplicateRate: number
  /** Hold an event back by up to `maxDelayMs` before its first attempt; later events may overtake it. */
  delayRate: number
  maxDelayMs: number
  /**
   * Swap an event with the next one queued for the same endpoint: the event is held (up to 1 s) until
   * the next event for that endpoint arrives, which is then sent first.
   */
  reorderRate: number
  /**
   * Skip the first delivery attempt. The skip is recorded as a failed attempt and the event is retried on
   * the normal backoff schedule, so it arrives late (usually after later events) but is never lost.
   */
  dropRate: number
  /** Makes every draw deterministic: the same seed and the same events give the same faults. */
  seed?: number
}

export const defaultChaos: ChaosSettings = {
  duplicateRate: 0,
  delayRate: 0,
  maxDelayMs: 0,
  reorderRate: 0,
  dropRate: 0,
}

/** A partial update; `seed: null` removes the seed. */
export type ChaosSettingsChange = Omit<Partial<ChaosSettings>, 'seed'> & { seed?: number | null }

const rateKeys = ['duplicateRate', 'delayRate', 'reorderRate', 'dropRate'] as const

/**
 * Validates a partial `ChaosSettings` from untrusted input (the `/_emulator/chaos` body, CLI flags).
 * `seed: null` removes the seed. Throws an `Error` naming the first bad field.
 */
export function parseChaosSettings(input: unknown): ChaosSettingsChange {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new Error('Chaos settings must be a JSON object.')
  }
  const out: ChaosSettingsChange = {}
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue
    if ((rateKeys as readonly string[]).includes(key)) {
      const rate = Number(value)
      if (typeof value === 'boolean' || value === '' || !(rate >= 0 && rate <= 1)) {
        throw new Error(`${key} must be a number from 0 to 1, got ${JSON.stringify(value)}.`)
      }
      out[key as (typeof rateKeys)[number]] = rate
    } else if (key === 'maxDelayMs') {
      const ms = Number(value)
      if (typeof value === 'boolean' || value === '' || !Number.isInteger(ms) || ms < 0 || ms > 600_000) {
        throw new Error(
          `maxDelayMs must be a whole number of milliseconds from 0 to 600000, got ${JSON.stringify(value)}.`,
        )
      }
      out.maxDelayMs = ms
    } else if (key === 'seed') {
      if (value === null) {
        out.seed = null
        continue
      }
      const seed = Number(value)
      if (typeof value === 'boolean' || value === '' || !Number.isSafeInteger(seed)) {
        throw new Error(`seed must be an integer or null, got ${JSON.stringify(value)}.`)
      }
      out.seed = seed
    } else {
      throw new Error(`Unknown chaos setting "${key}". Known: ${[...rateKeys, 'maxDelayMs', 'seed'].join(', ')}.`)
    }
  }
  return out
}

/** Applies parsed settings in place (so the dispatcher, which holds the same object, sees them). */
export function applyChaosSettings(target: ChaosSettings, changes: ChaosSettingsChange): void {
  const { seed, ...rest } = changes
  Object.assign(target, rest)
  if (seed === null) delete target.seed
  else if (seed !== undefined) target.seed = seed
}
