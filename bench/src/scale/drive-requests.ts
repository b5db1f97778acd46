/** Runs `one(i)` for i = 0..n-1 with `inFlight` at a time; wall time and this process's CPU (ms). */
export async function driveRequests(n: number, inFlight: number, one: (i: number) => Promise<void>) {
  let next = 0
  const start = performance.now()
  const cpu = process.cpuUsage()
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = next++; i < n; i = next++) await one(i)
    }),
  )
  const used = process.cpuUsage(cpu)
  return { elapsedMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 }
}
