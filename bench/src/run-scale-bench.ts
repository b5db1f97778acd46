import './as-in-production.js'
import { AsyncLocalStorage } from 'node:async_hooks'
import { createBilling } from '@portal-kit/server'
import { postgresStore } from '@portal-kit/server/postgres'
import { startEmulator } from '@portal-kit/stripe-emulator'
import pg from 'pg'
import { percentile } from './drive-load.js'
import { createMonthlyPrice, measureEmulatorScale } from './emulator-scale.js'
import { intFromEnv } from './env-settings.js'
import { readLatestResults, resultsDir, writeLatestResults } from './latest-results.js'
import { cpuBetween, postgresCpu } from './postgres-cpu.js'
import { driveRequests } from './scale/drive-requests.js'
import { readFreshStateFigure } from './scale/fresh-state-figure.js'
import { measureIngestWithHistory } from './scale/history-figure.js'
import { measurePortalOwnTime } from './scale/portal-figure.js'
import { mergeScaleVerdicts, type Verdict } from './scale/scale-verdicts.js'
import { stripeTime, timedStripe } from './scale/timed-stripe.js'

// Status 304 vs 200, portal session own time, reconcile at 10,000 and 20,000 subscriptions, ingest as history
// grows, and the emulator at 0, 10,000 and 50,000 objects. BENCH_ONLY=status|portal|reconcile|history|emulator
// runs one figure; results merge into results/latest.json.
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const only = process.env.BENCH_ONLY
const concurrency = intFromEnv('BENCH_CONCURRENCY_STATUS', 16)
const statusRequests = intFromEnv('BENCH_STATUS_REQUESTS', 4000)
const portalRequests = intFromEnv('BENCH_PORTAL_REQUESTS', 2000)
const portalStripeLatencyMs = intFromEnv('BENCH_PORTAL_STRIPE_LATENCY_MS', 50, 0)
const historyEvents = intFromEnv('BENCH_HISTORY_EVENTS', 4000)
const reconcileSizes = (process.env.BENCH_RECONCILE_SIZES ?? '10000,20000').split(',').map(Number)
const emulatorSizes = (process.env.BENCH_EMULATOR_SIZES ?? '0,10000,50000').split(',').map(Number)
const emulatorRounds = Number(process.env.BENCH_EMULATOR_ROUNDS ?? 7)
const emulatorBatch = Number(process.env.BENCH_EMULATOR_BATCH ?? 40)
const log = (line: string) => console.log(line)

async function main() {
  const figures: Record<string, unknown> = {}
  const verdicts: Verdict[] = []
  if (!only || only === 'emulator') {
    const emulator = await measureEmulatorScale({
      sizes: emulatorSizes,
      rounds: emulatorRounds,
      batch: emulatorBatch,
      emits: Number(process.env.BENCH_EMULATOR_EMITS ?? 2000),
      log,
    })
    figures.emulator = emulator.figures
    verdicts.push(...emulator.verdicts)
  }
  if (only !== 'emulator') await measureBillingAtScale(figures, verdicts)
  const freshState = readFreshStateFigure(new URL('fresh-state.json', resultsDir))
  if (freshState) {
    log(
      `time to fresh state (pnpm bench:fresh-state, ${freshState.measuredAt}, ${freshState.runsPerJourney} runs each): sync-on-return median ${freshState.syncOnReturnMedianMs} ms beside polling ${freshState.pollingMedianMs} ms (${freshState.pollingOverSync.toFixed(1)}x)`,
    )
  } else log('time to fresh state: no results/fresh-state.json yet (pnpm bench:fresh-state writes it)')
  log('')
  for (const v of [...verdicts, ...(freshState?.verdicts ?? [])])
    log(`${v.pass ? 'PASS' : 'MISS'}  ${v.target}: ${v.value}`)
  const previous = readLatestResults()
  const previousScale = (previous.scale as Record<string, unknown>) ?? {}
  // Verdicts of figures not run this time are kept (each names its figure first), so one figure's run keeps the others'.
  const scale = {
    ...previousScale,
    ...figures,
    verdicts: mergeScaleVerdicts((previousScale.verdicts as Verdict[]) ?? [], verdicts, new Set(Object.keys(figures))),
    at: new Date().toISOString(),
  }
  writeLatestResults({ ...previous, scale, freshState })
  log('wrote bench/results/latest.json (scale)')
}

async function measureBillingAtScale(figures: Record<string, unknown>, verdicts: Verdict[]) {
  const database = `portal_kit_scale_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 })
  await admin.query(`CREATE DATABASE ${database}`)
  const u = new URL(databaseUrl)
  u.pathname = `/${database}`
  const pool = new pg.Pool({ connectionString: u.toString(), max: 16 })
  pool.on('error', () => {})
  // No real-time scheduler: the seeded subscriptions need no renewals, and its scans would add CPU to this process.
  const emulator = await startEmulator({ scheduler: false })
  const stripe = timedStripe(emulator.url)
  const store = postgresStore({ pool })
  let account = { id: 'acct_0' }
  const billing = createBilling({
    stripe,
    store,
    getAccount: () => account,
    returnUrl: '/settings/billing',
    appUrl: 'https://app.example',
    webhookSecret: 'whsec_x',
    cronSecret: 'c',
  })
  try {
    // A few real subscriptions (active, trialing, canceled, past_due) as templates for the rest.
    const templates: { customer: string; subscription: string }[] = []
    const price = await createMonthlyPrice(stripe)
    for (let i = 0; i < 4; i++) {
      const customer = await stripe.customers.create({
        email: `t${i}@example.com`,
        metadata: { accountId: `acct_t${i}` },
      })
      const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
      await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
      const sub = await stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price }],
        ...(i === 1 ? { trial_period_days: 14 } : {}),
      })
      if (i === 2) await stripe.subscriptions.cancel(sub.id)
      templates.push({ customer: customer.id, subscription: sub.id })
    }
    const state = emulator.emulator.state
    let seeded = 0
    // Seeded into the emulator's state directly. Through the API the emulator stays flat (the emulator
    // figure), but 20,000 journeys of four calls take 4-6 minutes on the shared 2 cores, and past_due needs
    // a failed renewal (a test clock advance) per customer.
    const seed = (total: number) => {
      for (; seeded < total; seeded++) {
        const t = templates[seeded % templates.length]!
        const customer = structuredClone(state.find('customer', t.customer)!)
        customer.id = `cus_seed${seeded}`
        customer.metadata = { accountId: `acct_${seeded}` }
        state.insert(customer)
        const sub = structuredClone(state.find('subscription', t.subscription)!)
        sub.id = `sub_seed${seeded}`
        sub.customer = customer.id
        if (seeded % 4 === 3) sub.status = 'past_due'
        state.insert(sub)
      }
    }

    if (!only || only === 'reconcile') {
      const runs: Record<string, unknown>[] = []
      for (const n of reconcileSizes) {
        seed(n)
        await pool.query('TRUNCATE portal_kit_customers, portal_kit_subscriptions').catch(() => {})
        let listCalls = 0
        const countingStripe = timedStripe(emulator.url)
        countingStripe.on('request', (e: { path: string }) => {
          if (e.path.startsWith('/v1/subscriptions')) listCalls++
        })
        const b = createBilling({ ...billing.options, stripe: countingStripe })
        await b.api.getStatus('acct_warm')
        const timing = { ms: 0 }
        const start = performance.now()
        const report = await stripeTime.run(timing, () => b.api.reconcile())
        const ms = performance.now() - start
        const stored = Number((await pool.query('SELECT count(*) FROM portal_kit_subscriptions')).rows[0].count)
        const total = n + templates.length
        runs.push({
          subscriptions: total,
          seconds: ms / 1000,
          stripeSeconds: timing.ms / 1000,
          listCalls,
          stored,
          perSecond: total / (ms / 1000),
          report,
        })
        log(
          `reconcile ${total}: ${(ms / 1000).toFixed(1)} s (${(total / (ms / 1000)).toFixed(0)} subscriptions/s, Stripe ${(timing.ms / 1000).toFixed(1)} s), ${listCalls} list calls, ${stored} stored`,
        )
        verdicts.push({
          target: `reconcile ${total}: list calls <= ceil(N/100)+1`,
          value: `${listCalls} <= ${Math.ceil(total / 100) + 1}`,
          pass: listCalls <= Math.ceil(total / 100) + 1,
        })
        if (n === 10000)
          verdicts.push({
            target: 'reconcile 10,000 under 15 s',
            value: `${(ms / 1000).toFixed(1)} s`,
            pass: ms < 15000,
          })
      }
      if (runs.length === 2) {
        const ratio = (runs[1]!.seconds as number) / (runs[0]!.seconds as number)
        verdicts.push({
          target: 'reconcile 20,000 / 10,000 time about 2x (linear; <= 2.4x)',
          value: `${ratio.toFixed(2)}x`,
          pass: ratio <= 2.4,
        })
      }
      figures.reconcile = runs
    }

    if (!only || only === 'status') {
      seed(2000)
      await billing.api.reconcile()
    }

    if (!only || only === 'status') {
      const accounts = 500
      const etags: string[] = []
      for (let i = 0; i < accounts; i++) {
        account = { id: `acct_${i}` }
        etags.push((await billing.handler(new Request('https://app.example/api/billing/status'))).headers.get('etag')!)
      }
      const byAccount = new AsyncLocalStorage<string>()
      const b = createBilling({ ...billing.options, getAccount: () => ({ id: byAccount.getStore()! }) })
      const round = async (conditional: boolean) => {
        const pgBefore = await postgresCpu(admin, database)
        const r = await driveRequests(statusRequests, concurrency, async (i) => {
          const a = i % accounts
          const res = await byAccount.run(`acct_${a}`, () =>
            b.handler(
              new Request('https://app.example/api/billing/status', {
                headers: conditional ? { 'if-none-match': etags[a]! } : {},
              }),
            ),
          )
          await res.arrayBuffer()
          if (res.status !== (conditional ? 304 : 200)) throw new Error(`status answered ${res.status}`)
        })
        const pgCpu = cpuBetween(pgBefore, await postgresCpu(admin, database))
        return {
          perSecond: statusRequests / (r.elapsedMs / 1000),
          cpuMsPerRequest: (r.cpuMs + (pgCpu ?? 0)) / statusRequests,
        }
      }
      const apiRound = async () => {
        const r = await driveRequests(statusRequests, concurrency, async (i) => {
          await b.api.getStatus(`acct_${i % accounts}`)
        })
        return statusRequests / (r.elapsedMs / 1000)
      }
      const rounds: {
        full: Awaited<ReturnType<typeof round>>
        notModified: Awaited<ReturnType<typeof round>>
        api: number
      }[] = []
      await round(false)
      await round(true)
      for (let i = 0; i < 5; i++) {
        const pair =
          i % 2
            ? { notModified: await round(true), full: await round(false) }
            : { full: await round(false), notModified: await round(true) }
        rounds.push({ ...pair, api: await apiRound() })
      }
      const med = (xs: number[]) => percentile(xs, 50)
      const rps = med(rounds.map((r) => r.notModified.perSecond / r.full.perSecond))
      const cpu = med(rounds.map((r) => r.full.cpuMsPerRequest / r.notModified.cpuMsPerRequest))
      figures.status = { rounds, medianRequestsRatio: rps, medianCpuRatio: cpu }
      log(
        `status 200: ${med(rounds.map((r) => r.full.perSecond)).toFixed(0)} req/s, ${med(rounds.map((r) => r.full.cpuMsPerRequest)).toFixed(3)} cpu ms/req`,
      )
      log(
        `status 304: ${med(rounds.map((r) => r.notModified.perSecond)).toFixed(0)} req/s, ${med(rounds.map((r) => r.notModified.cpuMsPerRequest)).toFixed(3)} cpu ms/req`,
      )
      log(`billing.api.getStatus: ${med(rounds.map((r) => r.api)).toFixed(0)} calls/s`)
      verdicts.push({ target: 'status 304 >= 3x the requests/s of 200', value: `${rps.toFixed(2)}x`, pass: rps >= 3 })
      verdicts.push({
        target: 'status 304 >= 3x cheaper in CPU per request (node + pg)',
        value: `${cpu.toFixed(2)}x`,
        pass: cpu >= 3,
      })
    }

    if (!only || only === 'portal') {
      const portal = await measurePortalOwnTime({
        billingOptions: billing.options,
        requests: portalRequests,
        levels: [
          { inFlight: 1 },
          { inFlight: concurrency },
          ...(portalStripeLatencyMs > 0 ? [{ inFlight: concurrency, stripeLatencyMs: portalStripeLatencyMs }] : []),
        ],
      })
      figures.portal = portal
      for (const level of portal.levels) {
        const at = `${level.inFlight} in flight${level.stripeLatencyMs > 0 ? `, Stripe answering in ${level.stripeLatencyMs / 2}-${(level.stripeLatencyMs * 3) / 2} ms` : ''}`
        log(
          `portal session own time at ${at}: p50 ${level.ownP50Ms.toFixed(2)} ms, p99 ${level.ownP99Ms.toFixed(2)} ms, ${level.nodeCpuMsPerRequest.toFixed(2)} cpu ms/request (Stripe p50 ${level.stripeP50Ms.toFixed(2)} ms in a child process, subtracted); floor (a minimal handler: one store read, the Stripe call, JSON): p50 ${level.floorP50Ms.toFixed(2)} ms, p99 ${level.floorP99Ms.toFixed(2)} ms, its store read alone p99 ${level.floorStoreP99Ms.toFixed(2)} ms`,
        )
        verdicts.push({
          target: `portal session own time p99 < 2 ms at ${at}`,
          // The floor beside it tells a tail the machine imposes from one the handler adds.
          value: `${level.ownP99Ms.toFixed(2)} ms (floor: a minimal handler, ${level.floorP99Ms.toFixed(2)} ms; its store read alone ${level.floorStoreP99Ms.toFixed(2)} ms)`,
          pass: level.ownP99Ms < 2,
        })
      }
    }

    if (!only || only === 'history') {
      const history = await measureIngestWithHistory({
        databaseUrl: u.toString(),
        emulator,
        stripe,
        events: historyEvents,
        inFlight: concurrency,
        rounds: 10,
        log,
      })
      figures.history = history
      for (const p of history.phases.slice(1)) {
        verdicts.push({
          target: `history: ingest with ${p.history.webhookEvents} events and ${p.history.subscriptions} subscriptions stored >= 0.9x empty`,
          value: `${p.ratio.toFixed(2)}x`,
          pass: p.ratio >= 0.9,
        })
      }
    }
  } finally {
    await store.close()
    await pool.end().catch(() => {})
    await emulator.close()
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    await admin.end()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
