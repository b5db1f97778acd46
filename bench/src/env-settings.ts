/** The benches' settings from the environment, each with a clear error naming the variable when it is bad. */

/** A whole number of at least `min` (default 1, a positive integer), or `fallback` when unset. */
export function intFromEnv(name: string, fallback: number, min = 1): number {
  const value = process.env[name]
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) {
    const wanted = min === 1 ? 'a positive integer' : `a whole number of at least ${min}`
    throw new Error(`${name} must be ${wanted}, got "${value}"`)
  }
  return n
}

/** Positive integers separated by commas, or `fallback` when unset. */
export function intListFromEnv(name: string, fallback: number[]): number[] {
  const value = process.env[name]
  if (value === undefined || value === '') return fallback
  const list = value.split(',').map((v) => Number(v.trim()))
  if (list.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`${name} must be positive integers separated by commas, got "${value}"`)
  }
  return list
}
