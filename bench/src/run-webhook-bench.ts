import './as-in-production.js'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { startEmulator } from '@portal-kit/stripe-emulator'
import pg from 'pg'
import type Stripe from 'stripe'
import type { Contender } from './contenders/contender.js'
import { minimalHandler } from './contenders/minimal-handler.js'
import { portalKitHandler } from './contenders/portal-kit.js'
import { syncEngineHandler } from './contenders/sync-engine.js'
import { driveLoad } from './drive-load.js'
import { intFromEnv, intListFromEnv } from './env-settings.js'
import { generateEvents } from './generate-events.js'
import { readLatestResults, resultsDir, writeLatestResults } from './latest-results.js'
import { countingStripe } from './webhook/counting-stripe.js'
import { type LevelStats, measureLevel, medianRoundRatio } from './webhook/measure-level.js'

const config = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  events: intFromEnv('BENCH_EVENTS', 2000),
  warmup: intFromEnv('BENCH_WARMUP', 500),
  levels: intListFromEnv('BENCH_CONCURRENCY', [1, 4, 16, 64]),
  poolSize: intFromEnv('BENCH_POOL_SIZE', 16),
  rounds: intFromEnv('BENCH_ROUNDS', 20),
  fetchMode: process.env.BENCH_FETCH !== '0',
  /** BENCH_ON_EVENT=1 adds payload mode with an empty `onEvent` hook (reported, no target). */
  onEventMode: process.env.BENCH_ON_EVENT === '1',
}
/** Issue 12, target 5: portal-kit against the other two at each level of requests in flight. */
const targets = {
  vsSyncEngine: 2.5,
  /** Levels without an entry have no target against the minimal handler (reported only). */
  vsMinimal: new Map([
    [1, 0.9],
    [16, 1],
    [64, 1],
  ]),
  p99VsMinimal: 1,
}
/**
 * Each contender's turn at a level holds at least this many events per request in flight. A turn starts
 * with every slot filled and ends draining: its last `concurrency` requests run with fewer and fewer beside
 * them. With 100-event turns at 64 in flight, about a third of each turn was that drain, which cost the
 * contender that batches (portal-kit) the most: 2.09x the sync engine against 3.28x and 4.22x with longer
 * turns in the same session. At 16 per slot the drain is about 3% of a turn at every level.
 */
const eventsPerSlotInTurn = 16
/** Events timed at a level: `BENCH_EVENTS`, or more where that makes turns too short to hold the level. */
const eventsAt = (concurrency: number) => Math.max(config.events, config.rounds * eventsPerSlotInTurn * concurrency)
const webhookSecret = 'whsec_portal_kit_bench'
const log = (line: string) => console.log(line)

interface Verdict {
  concurrency: number
  target: string
  ratio: number
  medianRoundRatio: number | null
  pass: boolean
}

async function main(): Promise<number> {
  // A database of its own per run (on the same server), since the sync engine's migrations name
  // the `stripe` schema outright; each contender gets a fresh schema in it.
  const database = `portal_kit_bench_${process.pid}_${Date.now().toString(36)}`
  const schemas = {
    payload: 'bench_pk_payload',
    fetch: 'bench_pk_fetch',
    onEvent: 'bench_pk_on_event',
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
  const { stripe, requests: stripeRequests } = countingStripe(emulator.url, 'sk_test_portal_kit_bench')
  const contenders: Contender[] = []
  try {
    const pgVersion =
      (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? 'unknown'
    log(
      `webhook bench: ${config.levels.map((c) => `${eventsAt(c)} events at ${c}`).join(', ')} in flight after ${config.warmup} warm-up, pools of ${config.poolSize}, ${config.rounds} rounds; Postgres ${pgVersion}, Node ${process.version}`,
    )

    const wanted = config.warmup + config.levels.reduce((sum, c) => sum + eventsAt(c), 0)
    const generatedAt = performance.now()
    const generated = await generateEvents(emulator, stripe, { atLeast: wanted })
    const sent = generated.events.slice(0, wanted)
    const payloads = sent.map((event) => JSON.stringify(event))
    log(
      `generated ${generated.events.length} events from ${generated.customers} customers in ${Math.round(performance.now() - generatedAt)} ms; sending ${sent.length}`,
    )

    const setup = new pg.Pool({ connectionString: benchUrl.toString(), max: 1 })
    for (const schema of [schemas.payload, schemas.fetch, schemas.onEvent, schemas.minimal]) {
      await setup.query(`CREATE SCHEMA ${schema}`)
    }
    await setup.end()
    // One pool per contender, the same size at every level: an app sizes its pool for its database,
    // not for the requests in flight, and 4 contenders x 64 would pass Postgres' default 100 connections.
    const common = { poolSize: config.poolSize, stripe, webhookSecret }
    const inSchema = (schema: string) => ({ ...common, connectionString: urlFor(schema), schema })
    const payloadMode = await portalKitHandler({ ...inSchema(schemas.payload), sync: 'payload' })
    contenders.push(payloadMode)
    const minimal = await minimalHandler(inSchema(schemas.minimal))
    contenders.push(minimal)
    const engine = await syncEngineHandler(inSchema(schemas.engine))
    contenders.push(engine)
    const fetchMode = config.fetchMode ? await portalKitHandler({ ...inSchema(schemas.fetch), sync: 'fetch' }) : null
    if (fetchMode) contenders.push(fetchMode)
    const onEventMode = config.onEventMode
      ? await portalKitHandler({ ...inSchema(schemas.onEvent), sync: 'payload', onEvent: true })
      : null
    if (onEventMode) contenders.push(onEventMode)

    const failures: string[] = []
    for (const contender of contenders) {
      const result = await driveLoad({
        handler: contender.handler,
        payloads: payloads.slice(0, config.warmup),
        concurrency: 16,
        stripe,
        webhookSecret,
      })
      for (const f of result.failures) failures.push(`${contender.name} (warm-up): ${f.status} ${f.body.slice(0, 200)}`)
    }

    const levels: { concurrency: number; events: number; contenders: LevelStats[]; targets: Verdict[] }[] = []
    let start = config.warmup
    for (const concurrency of config.levels) {
      const count = eventsAt(concurrency)
      const stats = await measureLevel({
        contenders,
        payloads: payloads.slice(start, start + count),
        concurrency,
        rounds: config.rounds,
        stripe,
        webhookSecret,
        admin,
        database,
        stripeRequests,
      })
      const pk = stats.get(payloadMode) as LevelStats
      const min = stats.get(minimal) as LevelStats
      const eng = stats.get(engine) as LevelStats
      const verdicts: Verdict[] = [
        {
          concurrency,
          target: `events/s >= ${targets.vsSyncEngine}x stripe-sync-engine`,
          ratio: pk.eventsPerSecond / eng.eventsPerSecond,
          medianRoundRatio: medianRoundRatio(pk, eng),
          pass: pk.eventsPerSecond / eng.eventsPerSecond >= targets.vsSyncEngine,
        },
      ]
      const vsMinimal = targets.vsMinimal.get(concurrency)
      verdicts.push({
        concurrency,
        target:
          vsMinimal === undefined
            ? 'events/s vs minimal handler (no target)'
            : `events/s >= ${vsMinimal}x minimal handler`,
        ratio: pk.eventsPerSecond / min.eventsPerSecond,
        medianRoundRatio: medianRoundRatio(pk, min),
        pass: vsMinimal === undefined || pk.eventsPerSecond / min.eventsPerSecond >= vsMinimal,
      })
      verdicts.push({
        concurrency,
        target: `p99 <= ${targets.p99VsMinimal}x minimal handler p99`,
        ratio: pk.p99Ms / min.p99Ms,
        medianRoundRatio: null,
        pass: pk.p99Ms / min.p99Ms <= targets.p99VsMinimal,
      })
      levels.push({ concurrency, events: count, contenders: [...stats.values()], targets: verdicts })
      for (const s of stats.values()) {
        if (s.failures > 0)
          failures.push(`${s.name} at ${concurrency} in flight: ${s.failures} failed, first: ${s.firstFailure}`)
      }
      log(`  ${concurrency} in flight done`)
      start += count
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
    const convergence = new Map<Contender, { subscriptions: number; mismatched: number; expectedFrom: string }>()
    for (const contender of contenders) {
      const expected = contender === fetchMode ? current : lastSent
      const stored = await contender.subscriptionStatuses()
      let mismatched = 0
      for (const [id, status] of expected) if (stored.get(id) !== status) mismatched++
      convergence.set(contender, {
        subscriptions: expected.size,
        mismatched,
        expectedFrom: contender === fetchMode ? 'Stripe (emulator) now' : 'last sent event per subscription',
      })
    }

    for (const level of levels) {
      log('')
      log(`${level.concurrency} in flight`)
      log(
        `${'contender'.padEnd(36)}${'events/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'node cpu'.padStart(10)}${'pg cpu'.padStart(8)}${'stripe/1k'.padStart(11)}${'errors'.padStart(8)}`,
      )
      for (const s of level.contenders) {
        log(
          `${s.name.padEnd(36)}${s.eventsPerSecond.toFixed(0).padStart(10)}${s.p50Ms.toFixed(2).padStart(9)}${s.p99Ms.toFixed(2).padStart(9)}${s.nodeCpuMsPerEvent.toFixed(2).padStart(10)}${(s.postgresCpuMsPerEvent?.toFixed(2) ?? '-').padStart(8)}${s.stripeRequestsPerThousand.toFixed(1).padStart(11)}${String(s.failures).padStart(8)}`,
        )
      }
    }
    log('')
    log(`converged: ${contenders.map((c) => `${c.name} ${convergedText(convergence.get(c))}`).join(', ')}`)
    log('')
    for (const level of levels) {
      for (const r of level.targets) {
        const median = r.medianRoundRatio === null ? '' : ` (median of rounds ${r.medianRoundRatio.toFixed(2)}x)`
        log(
          `${r.pass ? 'PASS' : 'MISS'}  ${level.concurrency} in flight: portal-kit ${r.target}: ${r.ratio.toFixed(2)}x${median}`,
        )
      }
    }

    const errors = [...failures]
    for (const c of [payloadMode, fetchMode, onEventMode]) {
      const conv = c && convergence.get(c)
      if (c && conv && conv.mismatched > 0) errors.push(`${c.name}: ${conv.mismatched} subscriptions did not converge`)
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
        sourceMaps: process.sourceMapsEnabled,
      },
      config: { ...config, databaseUrl: undefined },
      events: {
        generated: generated.events.length,
        sent: sent.length,
        customers: generated.customers,
        types: countTypes(sent),
      },
      engineVersion: engine.version,
      levels,
      convergence: contenders.map((c) => ({ name: c.name, ...convergence.get(c) })),
      errors,
    }
    mkdirSync(resultsDir, { recursive: true })
    writeFileSync(
      new URL(`webhook-${date.toISOString().slice(0, 10)}.json`, resultsDir),
      `${JSON.stringify(result, null, 2)}\n`,
    )
    mergeIntoLatest(result)
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

function convergedText(c: { subscriptions: number; mismatched: number } | undefined): string {
  return c ? `${c.subscriptions - c.mismatched}/${c.subscriptions}` : '-'
}

/** The webhook figures replace the file's, keeping what the other benches merged into it. */
function mergeIntoLatest(result: Record<string, unknown>): void {
  // What the other benches merged into latest.json (run-scale-bench, its fresh-state figure, run-ui-weight) stays.
  const otherBenches = new Set(['scale', 'freshState', 'uiWeight'])
  const kept = Object.fromEntries(Object.entries(readLatestResults()).filter(([key]) => otherBenches.has(key)))
  writeLatestResults({ ...result, ...kept })
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
