import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'

/** `bench/results/`: each run's own file and `latest.json`, which every bench merges its figures into. */
export const resultsDir = new URL('../results/', import.meta.url)
const latestFile = new URL('latest.json', resultsDir)

/** The figures in `results/latest.json`, or nothing when no bench has written it yet. */
export function readLatestResults(): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(latestFile, 'utf8')) as Record<string, unknown>
  } catch {
    return {}
  }
}

/** Replaces `results/latest.json`; a bench passes what it read with its own figures merged in. */
export function writeLatestResults(results: Record<string, unknown>): void {
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(latestFile, `${JSON.stringify(results, null, 2)}\n`)
}
