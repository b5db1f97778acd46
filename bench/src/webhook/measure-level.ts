import type pg from 'pg'
import type Stripe from 'stripe'
import type { Contender } from '../contenders/contender.js'
import { driveLoad, percentile } from '../drive-load.js'
import { cpuBetween, postgresCpu } from '../postgres-cpu.js'
import { turnOrder } from './turn-order.js'

/** One contender's figures at one level of requests in flight. */
export interface LevelStats {
  name: string
  requests: number
  failures: number
  firstFailure: string | null
  eventsPerSecond: number
  p50Ms: number
  p99Ms: number
  meanMs: number
  /** CPU of this Node process per event (handler, driver and, in fetch mode, the emulator). */
  nodeCpuMsPerEvent: number
  /** CPU of the contender's Postgres backends per event (null when Postgres is not local). */
  postgresCpuMsPerEvent: number | null
  /**
   * Stripe API requests per 1,000 events: fetch mode reads each event's customer, payload mode only settles a
   * same-second tie (and the sync engine, given payloads, none). Each is a round trip to the emulator, in this
   * process, inside the event's time.
   */
  stripeRequestsPerThousand: number
  /** events/s of each round, in round order: the per-round ratios come from these. */
  roundRates: number[]
}

/**
 * Sends `payloads` to every contender with `concurrency` requests in flight. The payloads are cut
 * into `rounds` slices and the contenders take turns on each slice, in an order that changes every
 * round (`turnOrder`), so a burst of load from elsewhere on the machine lands on all of them alike and
 * each follows each other as often.
 */
export async function measureLevel(options: {
  contenders: readonly Contender[]
  payloads: readonly string[]
  concurrency: number
  rounds: number
  stripe: Stripe
  webhookSecret: string
  admin: pg.Pool
  database: string
  /** The count of Stripe API requests the contenders' client has sent so far. */
  stripeRequests: () => number
}): Promise<Map<Contender, LevelStats>> {
  const { contenders, payloads, concurrency, rounds, stripe, webhookSecret, admin, database } = options
  const acc = new Map(
    contenders.map((c) => [
      c,
      {
        latencies: [] as number[],
        elapsedMs: 0,
        cpuMs: 0,
        pgCpuMs: 0 as number | null,
        stripeRequests: 0,
        roundRates: [] as number[],
        failures: [] as { status: number; body: string }[],
      },
    ]),
  )
  const sliceSize = Math.ceil(payloads.length / rounds)
  for (let round = 0; round < rounds; round++) {
    const slice = payloads.slice(round * sliceSize, (round + 1) * sliceSize)
    if (slice.length === 0) break
    const order = turnOrder(contenders.length, round).map((i) => contenders[i] as Contender)
    for (const contender of order) {
      const a = acc.get(contender)
      if (!a) continue
      const pgBefore = await postgresCpu(admin, database)
      const stripeBefore = options.stripeRequests()
      const result = await driveLoad({
        handler: contender.handler,
        payloads: slice,
        concurrency,
        stripe,
        webhookSecret,
      })
      a.stripeRequests += options.stripeRequests() - stripeBefore
      const pgUsed = cpuBetween(pgBefore, await postgresCpu(admin, database))
      a.pgCpuMs = pgUsed === null || a.pgCpuMs === null ? null : a.pgCpuMs + pgUsed
      a.latencies.push(...result.latencies)
      a.elapsedMs += result.elapsedMs
      a.cpuMs += result.cpuMs
      a.roundRates.push(slice.length / (result.elapsedMs / 1000))
      a.failures.push(...result.failures)
    }
  }
  const stats = new Map<Contender, LevelStats>()
  for (const [contender, a] of acc) {
    const n = Math.max(1, a.latencies.length)
    const first = a.failures[0]
    stats.set(contender, {
      name: contender.name,
      requests: a.latencies.length,
      failures: a.failures.length,
      firstFailure: first ? `${first.status} ${first.body.slice(0, 200)}` : null,
      eventsPerSecond: a.latencies.length / (a.elapsedMs / 1000),
      p50Ms: percentile(a.latencies, 50),
      p99Ms: percentile(a.latencies, 99),
      meanMs: a.latencies.reduce((x, y) => x + y, 0) / n,
      nodeCpuMsPerEvent: a.cpuMs / n,
      postgresCpuMsPerEvent: a.pgCpuMs === null ? null : a.pgCpuMs / n,
      stripeRequestsPerThousand: (a.stripeRequests / n) * 1000,
      roundRates: a.roundRates,
    })
  }
  return stats
}

/** The median of the per-round ratios of a's rate to b's: less swayed by a burst of load elsewhere. */
export function medianRoundRatio(a: LevelStats, b: LevelStats): number {
  return percentile(
    a.roundRates.map((rate, i) => rate / (b.roundRates[i] ?? Number.NaN)),
    50,
  )
}
