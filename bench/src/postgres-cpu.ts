import { readFileSync } from 'node:fs'
import type pg from 'pg'

/**
 * CPU time (ms) the Postgres backends serving `database` have used so far, by pid, read from
 * /proc/<pid>/schedstat; null when Postgres is not on this machine or /proc cannot be read.
 */
export async function postgresCpu(admin: pg.Pool, database: string): Promise<Map<number, number> | null> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database])
  const cpu = new Map<number, number>()
  for (const { pid } of rows) {
    try {
      const [runtimeNs] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')
      cpu.set(pid, Number(runtimeNs) / 1e6)
    } catch {
      return null
    }
  }
  return cpu
}

/** CPU used between two readings; a backend that appeared meanwhile counts from zero. */
export function cpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null
  let total = 0
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0)
  return total
}
