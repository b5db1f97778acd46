/** What a soak run is given, from the environment: the seed to repeat a run, and its size. */
export interface SoakSettings {
  seed: number
  operations: number
  customers: number
  databaseUrl: string | undefined
}

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}".`)
  return value
}

/** `CHAOS_SEED` (default: a new one each run), `CHAOS_OPERATIONS` (2000), `CHAOS_CUSTOMERS` (200), `DATABASE_URL`. */
export function soakSettings(): SoakSettings {
  return {
    seed: wholeNumber('CHAOS_SEED', Math.floor(Math.random() * 2 ** 31)),
    operations: wholeNumber('CHAOS_OPERATIONS', 2000),
    customers: Math.max(1, wholeNumber('CHAOS_CUSTOMERS', 200)),
    databaseUrl: process.env.DATABASE_URL || undefined,
  }
}
