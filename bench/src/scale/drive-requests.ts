/**
 * Runs `one(i)` for i = 0..n-1 with `inFlight` at a time; wall time and this process's CPU (ms). With
 * `spreadStartMs`, the workers start evenly spread over that time instead of together, so that against a
 * slow dependency they do not stay in step, every one waiting and then every one working at once.
 */
export async function driveRequests(
  n: number,
  inFlight: number,
  one: (i: number) => Promise<void>,
  options: { spreadStartMs?: number } = {},
) {
  const spread = options.spreadStartMs ?? 0
  let next = 0
  const start = performance.now()
  const cpu = process.cpuUsage()
  await Promise.all(
    Array.from({ length: inFlight }, async (_, worker) => {
      if (spread > 0 && worker > 0) await new Promise((resolve) => setTimeout(resolve, (worker * spread) / inFlight))
      for (let i = next++; i < n; i = next++) await one(i)
    }),
  )
  const used = process.cpuUsage(cpu)
  return { elapsedMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 }
}
