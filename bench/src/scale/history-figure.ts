import { createBilling } from '@portal-kit/server'
import { postgresStore } from '@portal-kit/server/postgres'
import type { RunningEmulator } from '@portal-kit/stripe-emulator'
import pg from 'pg'
import type Stripe from 'stripe'
import { driveLoad, percentile } from '../drive-load.js'
import { generateEvents } from '../generate-events.js'

export interface HistoryPhase {
  /** What the big store holds besides the bench's own rows. */
  history: { webhookEvents: number; subscriptions: number }
  /** events/s of the store with that history, and of the empty one, over the same slices. */
  eventsPerSecond: number
  emptyEventsPerSecond: number
  /** Median of the per-round ratios (history / empty). */
  ratio: number
}

export interface HistoryFigure {
  eventsPerPhase: number
  inFlight: number
  phases: HistoryPhase[]
  prune: {
    deleted: number
    seconds: number
    /** Ingest into the big store while the prune ran, and just before it without one. */
    eventsPerSecondDuringPrune: number
    eventsPerSecondWithout: number
    eventsDuringPrune: number
  }
}

const webhookSecret = 'whsec_portal_kit_history'

/**
 * Issue 12, target 6: webhook ingest (payload mode) into a store whose webhook event table and
 * subscription table already hold a long history, against an empty store, taking turns on the
 * same events in rotating rounds. History is seeded with set-based SQL and grows phase by phase:
 * 100,000 then 1,000,000 processed events (40 to 50 days old), then 10,000 and 100,000 stored
 * subscriptions with their customers. Then the cost of pruning that million while ingest goes on.
 * Each phase sends the same generated events as new ones: a phase's own ids, `created` moved on.
 */
export async function measureIngestWithHistory(options: {
  databaseUrl: string
  emulator: RunningEmulator
  stripe: Stripe
  events: number
  inFlight: number
  rounds: number
  log: (line: string) => void
}): Promise<HistoryFigure> {
  const { emulator, stripe, inFlight, rounds, log } = options
  const generated = await generateEvents(emulator, stripe, { atLeast: options.events })
  const base = generated.events.slice(0, options.events)
  const template = base.find((e) => e.type === 'customer.subscription.created')?.data.object
  if (!template) throw new Error('no subscription among the generated events')
  const phasePayloads = (phase: number) =>
    base.map((event) => JSON.stringify({ ...event, id: `${event.id}_p${phase}`, created: event.created + phase * 1e6 }))

  const urlFor = (schema: string) => {
    const u = new URL(options.databaseUrl)
    u.searchParams.set('options', `-c search_path=${schema}`)
    return u.toString()
  }
  const setup = new pg.Pool({ connectionString: options.databaseUrl, max: 1 })
  const stores: { name: string; pool: pg.Pool; close(): Promise<void>; handler(req: Request): Promise<Response> }[] = []
  try {
    for (const schema of ['history_empty', 'history_big']) {
      await setup.query(`CREATE SCHEMA ${schema}`)
      const pool = new pg.Pool({ connectionString: urlFor(schema), max: 16 })
      pool.on('error', () => {})
      const store = postgresStore({ pool })
      await store.migrate()
      const billing = createBilling({
        stripe,
        webhookSecret,
        store,
        getAccount: () => null,
        returnUrl: '/settings/billing',
        sync: 'payload',
      })
      stores.push({ name: schema, pool, handler: billing.handler, close: () => store.close().then(() => pool.end()) })
    }
    const [empty, big] = stores as [(typeof stores)[0], (typeof stores)[0]]
    const send = async (target: (typeof stores)[0], payloads: readonly string[]) => {
      const result = await driveLoad({
        handler: target.handler,
        payloads,
        concurrency: inFlight,
        stripe,
        webhookSecret,
      })
      if (result.failures.length > 0) {
        throw new Error(`${target.name}: ${result.failures.length} failed, first ${result.failures[0]?.status}`)
      }
      return payloads.length / (result.elapsedMs / 1000)
    }
    let phase = 0
    // Both stores first hold the bench's own customers and subscriptions, so every phase updates them alike.
    for (const target of stores) await send(target, phasePayloads(phase))

    const measure = async (history: HistoryPhase['history']): Promise<HistoryPhase> => {
      phase++
      const payloads = phasePayloads(phase)
      const slice = Math.ceil(payloads.length / rounds)
      const rates = { empty: [] as number[], big: [] as number[], emptyMs: 0, bigMs: 0 }
      for (let round = 0; round < rounds; round++) {
        const part = payloads.slice(round * slice, (round + 1) * slice)
        if (part.length === 0) break
        for (const target of round % 2 ? [big, empty] : [empty, big]) {
          const rate = await send(target, part)
          const key = target === big ? 'big' : 'empty'
          rates[key].push(rate)
          rates[`${key}Ms`] += (part.length / rate) * 1000
        }
      }
      const result = {
        history,
        eventsPerSecond: payloads.length / (rates.bigMs / 1000),
        emptyEventsPerSecond: payloads.length / (rates.emptyMs / 1000),
        ratio: percentile(
          rates.big.map((rate, i) => rate / (rates.empty[i] ?? Number.NaN)),
          50,
        ),
      }
      log(
        `  history ${history.webhookEvents} events, ${history.subscriptions} subscriptions: ${result.eventsPerSecond.toFixed(0)} events/s vs ${result.emptyEventsPerSecond.toFixed(0)} empty (median of rounds ${result.ratio.toFixed(2)}x)`,
      )
      return result
    }

    const phases: HistoryPhase[] = []
    const seeded = { webhookEvents: 0, subscriptions: 0 }
    const seedEvents = async (upTo: number) => {
      const started = performance.now()
      await big.pool.query(seedWebhookEventsSql, [seeded.webhookEvents + 1, upTo])
      await big.pool.query('VACUUM ANALYZE portal_kit_webhook_events')
      log(
        `  seeded ${upTo - seeded.webhookEvents} webhook events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      )
      seeded.webhookEvents = upTo
    }
    const seedSubscriptions = async (upTo: number) => {
      const started = performance.now()
      await big.pool.query(seedCustomersSql, [seeded.subscriptions + 1, upTo])
      await big.pool.query(seedSubscriptionsSql, [seeded.subscriptions + 1, upTo, JSON.stringify(template)])
      await big.pool.query('VACUUM ANALYZE portal_kit_customers')
      await big.pool.query('VACUUM ANALYZE portal_kit_subscriptions')
      log(
        `  seeded ${upTo - seeded.subscriptions} subscriptions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      )
      seeded.subscriptions = upTo
    }
    phases.push(await measure({ ...seeded }))
    await seedEvents(100_000)
    phases.push(await measure({ ...seeded }))
    await seedEvents(1_000_000)
    phases.push(await measure({ ...seeded }))
    await seedSubscriptions(10_000)
    phases.push(await measure({ ...seeded }))
    await seedSubscriptions(100_000)
    phases.push(await measure({ ...seeded }))

    // The prune runs through the server's API (batches of 500) while the big store keeps ingesting.
    phase++
    const without = await send(big, phasePayloads(phase))
    const pruneStore = postgresStore({ connectionString: urlFor('history_big'), max: 1 })
    stores.push({ name: 'prune', pool: big.pool, handler: big.handler, close: () => pruneStore.close() })
    const pruneBilling = createBilling({
      stripe,
      webhookSecret,
      store: pruneStore,
      getAccount: () => null,
      returnUrl: '/settings/billing',
    })
    const pruneStarted = performance.now()
    let pruneDone = false
    const pruning = pruneBilling.api.pruneWebhookEvents().finally(() => {
      pruneDone = true
    })
    let sent = 0
    let ingestMs = 0
    while (!pruneDone) {
      phase++
      const payloads = phasePayloads(phase).slice(0, Math.ceil(base.length / rounds))
      const rate = await send(big, payloads)
      sent += payloads.length
      ingestMs += (payloads.length / rate) * 1000
    }
    const report = await pruning
    const pruneSeconds = (performance.now() - pruneStarted) / 1000
    const during = sent / (ingestMs / 1000)
    log(
      `  prune of ${report.deleted} events: ${pruneSeconds.toFixed(1)} s; ingest meanwhile ${during.toFixed(0)} events/s vs ${without.toFixed(0)} just before`,
    )
    return {
      eventsPerPhase: base.length,
      inFlight,
      phases,
      prune: {
        deleted: report.deleted,
        seconds: pruneSeconds,
        eventsPerSecondDuringPrune: during,
        eventsPerSecondWithout: without,
        eventsDuringPrune: sent,
      },
    }
  } finally {
    for (const s of stores) await s.close().catch(() => {})
    await setup.end()
  }
}

// Processed events as Stripe would have sent them: random-looking ids (so the primary key grows as
// it does in production, not in order), the usual types, 40 to 50 days old (past the 30-day retention).
const seedWebhookEventsSql = `INSERT INTO portal_kit_webhook_events (event_id, type, customer_id, event_created, processed_at)
  SELECT 'evt_1' || substr(md5('history' || g), 1, 23),
    (ARRAY['customer.subscription.updated', 'invoice.paid', 'invoice.payment_succeeded', 'customer.updated',
      'customer.subscription.created', 'invoice.payment_failed'])[1 + g % 6],
    'cus_hist_' || (g % 100000),
    1760000000 + g,
    now() - interval '40 days' - (g % 864000) * interval '1 second'
  FROM generate_series($1::int, $2::int) AS g`

const seedCustomersSql = `INSERT INTO portal_kit_customers (customer_id, account_id, email, synced_at)
  SELECT 'cus_hist_' || g, 'acct_hist_' || g, 'user' || g || '@example.com', now() - (g % 1000) * interval '1 minute'
  FROM generate_series($1::int, $2::int) AS g`

// A real subscription from the generated events, with its id and customer replaced, a quarter each
// active, trialing, past_due and canceled.
const seedSubscriptionsSql = `INSERT INTO portal_kit_subscriptions
    (subscription_id, customer_id, status, data, source_at, source_rank, source_id, last_paid_at)
  SELECT 'sub_hist_' || g, 'cus_hist_' || g, s.status,
    $3::jsonb || jsonb_build_object('id', 'sub_hist_' || g, 'customer', 'cus_hist_' || g, 'status', s.status),
    (1760000000 + g)::bigint * 1000 + 999, 10, 'evt_hist_' || g, 1760000000 + g
  FROM generate_series($1::int, $2::int) AS g,
    LATERAL (SELECT (ARRAY['active', 'trialing', 'past_due', 'canceled'])[1 + g % 4] AS status) AS s`
