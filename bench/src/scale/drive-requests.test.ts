import { describe, expect, it } from 'vitest'
import { driveRequests } from './drive-requests.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs 10 slow calls 4 at a time; when each started (ms after the run began) and how often each index ran. */
async function startTimes(options?: { spreadStartMs?: number }) {
  const began = performance.now()
  const started: number[] = []
  const runs = new Map<number, number>()
  await driveRequests(
    10,
    4,
    async (i) => {
      started[i] = performance.now() - began
      runs.set(i, (runs.get(i) ?? 0) + 1)
      // Longer than the spread, so the first four calls are the four workers' first.
      await sleep(150)
    },
    options,
  )
  return { firstFour: started.slice(0, 4), runs }
}

describe('driveRequests', () => {
  it('starts every worker at once by default, and runs each index once', async () => {
    const { firstFour, runs } = await startTimes()
    expect(Math.max(...firstFour)).toBeLessThan(20)
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(new Set(runs.values())).toEqual(new Set([1]))
  })

  it('with spreadStartMs, starts the workers evenly spread over that time, and still runs each index once', async () => {
    const { firstFour, runs } = await startTimes({ spreadStartMs: 80 })
    // Worker k waits k x 80 / 4 ms before its first call (a timer may fire up to 1 ms early).
    for (const [worker, at] of firstFour.entries()) expect(at).toBeGreaterThanOrEqual(worker * 20 - 1)
    expect(firstFour[3]! - firstFour[0]!).toBeGreaterThanOrEqual(59)
    expect(runs.size).toBe(10)
    expect(new Set(runs.values())).toEqual(new Set([1]))
  })
})
