import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { startEmulator } from '@portal-kit/stripe-emulator'
import { stripeClientFor } from '@portal-kit/stripe-emulator/testing'
import pg from 'pg'
import type Stripe from 'stripe'
import type { Contender } from './contenders/contender.js'
import { minimalHandler } from './contenders/minimal-handler.js'
import { portalKitHandler } from './contenders/portal-kit.js'
import { syncEngineHandler } from './contenders/sync-engine.js'
import { driveLoad, percentile } from './drive-load.js'
import { generateEvents } from './generate-events.js'
import { cpuBetween, postgresCpu } from './postgres-cpu.js'

const config = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  events: intFromEnv('BENCH_EVENTS', 4000),
  warmup: intFromEnv('BENCH_WARMUP', 500),
  concurrency: intFromEnv('BENCH_CONCURRENCY', 16),
  rounds: intFromEnv('BENCH_ROUNDS', 20),
  fetchMode: process.env.BENCH_FETCH !== '0',
}
const targets = { vsSyncEngine: 2, vsMinimal: 0.75, p99VsMinimal: 1.5 }
const webhookSecret = 'whsec_portal_kit_bench'
const log = (line: string) => console.log(line)

function intFromEnv(name: string, fallback: number): number {
  const value = process.env[name]
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`)
  return n
}

interface ContenderStats {
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
  convergence: { subscriptions: number; mismatched: number; expectedFrom: string }
}

async function main(): Promise<number> {
  // A database of its own per run (on the same server), since the sync engine's migrations name
  // the `stripe` schema outright; each contender gets a fresh schema in it.
  const database = `portal_kit_bench_${process.pid}_${Date.now().toString(36)}`
  const schemas = {
    payload: 'bench_pk_payload',
    fetch: 'bench_pk_fetch',
    minimal: 'bench_minimal',
    engine: 'stripe',
  }
  const admin = new pg.Pool({ connectionString: config.databaseUrl, max: 1 })
  await admin.query(`CREATE DATABASE ${database}`)
  const benchUrl = new URL(config.databaseUrl)
  benchUrl.pathname = `/${database}`
  const urlFor = (schema: string) => {
    const u = new URL(benchUrl)
    u.searchParams.set('options', `-c search_path=${schema}`)
    return u.toString()
  }
  const emulator = await startEmulator()
  const stripe = stripeClientFor(emulator.url, { apiKey: 'sk_test_portal_kit_bench' })
  const contenders: Contender[] = []
  try {
    const pgVersion =
      (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? 'unknown'
    log(
      `webhook bench: ${config.events} events after ${config.warmup} warm-up, ${config.concurrency} in flight, ${config.rounds} rounds; Postgres ${pgVersion}, Node ${process.version}`,
    )

    const wanted = config.warmup + config.events
    const generatedAt = performance.now()
    const generated = await generateEvents(emulator, stripe, { atLeast: wanted })
    const sent = generated.events.slice(0, wanted)
    const payloads = sent.map((event) => JSON.stringify(event))
    log(
      `generated ${generated.events.length} events from ${generated.customers} customers in ${Math.round(performance.now() - generatedAt)} ms; sending ${sent.length}`,
    )

    const setup = new pg.Pool({ connectionString: benchUrl.toString(), max: 1 })
    for (const schema of [schemas.payload, schemas.fetch, schemas.minimal]) await setup.query(`CREATE SCHEMA ${schema}`)
    await setup.end()
    const common = { poolSize: config.concurrency, concurrency: config.concurrency, stripe, webhookSecret }
    const payloadMode = await portalKitHandler({
      ...common,
      connectionString: urlFor(schemas.payload),
      schema: schemas.payload,
      sync: 'payload',
    })
    contenders.push(payloadMode)
    const minimal = await minimalHandler({
      ...common,
      connectionString: urlFor(schemas.minimal),
      schema: schemas.minimal,
    })
    contenders.push(minimal)
    const engine = await syncEngineHandler({
      ...common,
      connectionString: urlFor(schemas.engine),
      schema: schemas.engine,
    })
    contenders.push(engine)
    const fetchMode = config.fetchMode
      ? await portalKitHandler({
          ...common,
          connectionString: urlFor(schemas.fetch),
          schema: schemas.fetch,
          sync: 'fetch',
        })
      : null
    if (fetchMode) contenders.push(fetchMode)

    const warmup = payloads.slice(0, config.warmup)
    const measured = payloads.slice(config.warmup)
    const latencies = new Map<Contender, number[]>(contenders.map((c) => [c, []]))
    const elapsed = new Map<Contender, number>(contenders.map((c) => [c, 0]))
    const cpu = new Map<Contender, number>(contenders.map((c) => [c, 0]))
    const roundRates = new Map<Contender, number[]>(contenders.map((c) => [c, []]))
    const pgCpu = new Map<Contender, number | null>(contenders.map((c) => [c, 0]))
    const failures = new Map<Contender, { status: number; body: string }[]>(contenders.map((c) => [c, []]))
    for (const contender of contenders) {
      const result = await driveLoad({ ...common, handler: contender.handler, payloads: warmup })
      failures.get(contender)?.push(...result.failures)
    }
    // Contenders take turns on slices of the events, in a rotating order, so a burst of load from
    // elsewhere on the machine lands on all of them alike.
    const sliceSize = Math.ceil(measured.length / config.rounds)
    for (let round = 0; round < config.rounds; round++) {
      const slice = measured.slice(round * sliceSize, (round + 1) * sliceSize)
      if (slice.length === 0) break
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length] as Contender)
      for (const contender of order) {
        const pgBefore = await postgresCpu(admin, database)
        const result = await driveLoad({ ...common, handler: contender.handler, payloads: slice })
        const pgUsed = cpuBetween(pgBefore, await postgresCpu(admin, database))
        const pgSoFar = pgCpu.get(contender)
        pgCpu.set(contender, pgUsed === null || pgSoFar === null || pgSoFar === undefined ? null : pgSoFar + pgUsed)
        latencies.get(contender)?.push(...result.latencies)
        elapsed.set(contender, (elapsed.get(contender) ?? 0) + result.elapsedMs)
        cpu.set(contender, (cpu.get(contender) ?? 0) + result.cpuMs)
        roundRates.get(contender)?.push(slice.length / (result.elapsedMs / 1000))
        failures.get(contender)?.push(...result.failures)
      }
      if ((round + 1) % 5 === 0 || round + 1 === config.rounds) log(`  round ${round + 1}/${config.rounds} done`)
    }

    // What each contender should hold: the last sent event of each subscription (payload mode
    // applies any order to that), or Stripe's current state for fetch mode.
    const lastSent = new Map<string, string>()
    for (const event of sent) {
      if (!event.type.startsWith('customer.subscription.')) continue
      const subscription = event.data.object as Stripe.Subscription
      lastSent.set(subscription.id, subscription.status)
    }
    const current = new Map<string, string>()
    for await (const subscription of stripe.subscriptions.list({ status: 'all', limit: 100 })) {
      if (lastSent.has(subscription.id)) current.set(subscription.id, subscription.status)
    }
    const convergence = async (contender: Contender) => {
      const expected = contender === fetchMode ? current : lastSent
      const stored = await contender.subscriptionStatuses()
      let mismatched = 0
      for (const [id, status] of expected) if (stored.get(id) !== status) mismatched++
      return {
        subscriptions: expected.size,
        mismatched,
        expectedFrom: contender === fetchMode ? 'Stripe (emulator) now' : 'last sent event per subscription',
      }
    }

    const stats = new Map<Contender, ContenderStats>()
    for (const contender of contenders) {
      const values = latencies.get(contender) ?? []
      const failed = failures.get(contender) ?? []
      const first = failed[0]
      stats.set(contender, {
        name: contender.name,
        requests: values.length,
        failures: failed.length,
        firstFailure: first ? `${first.status} ${first.body.slice(0, 200)}` : null,
        eventsPerSecond: values.length / ((elapsed.get(contender) ?? 1) / 1000),
        p50Ms: percentile(values, 50),
        p99Ms: percentile(values, 99),
        meanMs: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
        nodeCpuMsPerEvent: (cpu.get(contender) ?? 0) / Math.max(1, values.length),
        postgresCpuMsPerEvent: ((used) => (used == null ? null : used / Math.max(1, values.length)))(
          pgCpu.get(contender),
        ),
        convergence: await convergence(contender),
      })
    }

    const pk = stats.get(payloadMode) as ContenderStats
    const min = stats.get(minimal) as ContenderStats
    const eng = stats.get(engine) as ContenderStats
    // The ratio of the per-round rates, round by round: less swayed by a burst of load elsewhere.
    const medianRoundRatio = (a: Contender, b: Contender) => {
      const bRates = roundRates.get(b) ?? []
      return percentile(
        (roundRates.get(a) ?? []).map((rate, i) => rate / (bRates[i] ?? Number.NaN)),
        50,
      )
    }
    const ratios = [
      {
        target: `portal-kit events/s >= ${targets.vsSyncEngine}x stripe-sync-engine`,
        ratio: pk.eventsPerSecond / eng.eventsPerSecond,
        medianRoundRatio: medianRoundRatio(payloadMode, engine),
        pass: pk.eventsPerSecond / eng.eventsPerSecond >= targets.vsSyncEngine,
      },
      {
        target: `portal-kit events/s >= ${targets.vsMinimal}x minimal handler`,
        ratio: pk.eventsPerSecond / min.eventsPerSecond,
        medianRoundRatio: medianRoundRatio(payloadMode, minimal),
        pass: pk.eventsPerSecond / min.eventsPerSecond >= targets.vsMinimal,
      },
      {
        target: `portal-kit p99 <= ${targets.p99VsMinimal}x minimal handler p99`,
        ratio: pk.p99Ms / min.p99Ms,
        medianRoundRatio: null,
        pass: pk.p99Ms / min.p99Ms <= targets.p99VsMinimal,
      },
    ]

    log('')
    log(
      `${'contender'.padEnd(36)}${'events/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'node cpu'.padStart(10)}${'pg cpu'.padStart(8)}${'errors'.padStart(8)}  converged`,
    )
    for (const s of stats.values()) {
      log(
        `${s.name.padEnd(36)}${s.eventsPerSecond.toFixed(0).padStart(10)}${s.p50Ms.toFixed(2).padStart(9)}${s.p99Ms.toFixed(2).padStart(9)}${s.nodeCpuMsPerEvent.toFixed(2).padStart(10)}${(s.postgresCpuMsPerEvent?.toFixed(2) ?? '-').padStart(8)}${String(s.failures).padStart(8)}  ${s.convergence.subscriptions - s.convergence.mismatched}/${s.convergence.subscriptions}`,
      )
    }
    log('')
    for (const r of ratios) {
      const median = r.medianRoundRatio === null ? '' : ` (median of rounds ${r.medianRoundRatio.toFixed(2)}x)`
      log(`${r.pass ? 'PASS' : 'MISS'}  ${r.target}: ${r.ratio.toFixed(2)}x${median}`)
    }

    const errors: string[] = []
    for (const s of stats.values())
      if (s.failures > 0) errors.push(`${s.name}: ${s.failures} failed requests, first: ${s.firstFailure}`)
    for (const c of [payloadMode, fetchMode]) {
      const s = c && stats.get(c)
      if (s && s.convergence.mismatched > 0)
        errors.push(`${s.name}: ${s.convergence.mismatched} subscriptions did not converge`)
    }

    const date = new Date()
    const result = {
      benchmark: 'webhook',
      date: date.toISOString(),
      commit: gitCommit(),
      machine: {
        node: process.version,
        postgres: pgVersion,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        loadAverage: os.loadavg(),
      },
      config: { ...config, databaseUrl: undefined, poolSize: config.concurrency },
      events: {
        generated: generated.events.length,
        sent: sent.length,
        customers: generated.customers,
        types: countTypes(sent),
      },
      contenders: [...stats.values()].map((s) => ({
        ...s,
        ...(s.name === eng.name ? { version: engine.version } : {}),
      })),
      targets: ratios,
      errors,
    }
    const dir = new URL('../results/', import.meta.url)
    mkdirSync(dir, { recursive: true })
    const json = `${JSON.stringify(result, null, 2)}\n`
    writeFileSync(new URL(`webhook-${date.toISOString().slice(0, 10)}.json`, dir), json)
    writeFileSync(new URL('latest.json', dir), json)
    log(`\nwrote bench/results/webhook-${date.toISOString().slice(0, 10)}.json and bench/results/latest.json`)
    for (const e of errors) console.error(`error: ${e}`)
    return errors.length > 0 ? 1 : 0
  } finally {
    for (const contender of contenders) {
      await contender.close().catch((error: unknown) => console.error(`closing ${contender.name} failed:`, error))
    }
    if (process.env.BENCH_KEEP_DATABASE === '1') log(`kept database ${database}`)
    else await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    await admin.end()
    await emulator.close()
  }
}

function countTypes(events: readonly Stripe.Event[]): Record<string, number> {
  const types: Record<string, number> = {}
  for (const event of events) types[event.type] = (types[event.type] ?? 0) + 1
  return types
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
