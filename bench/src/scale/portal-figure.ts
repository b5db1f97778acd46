import { AsyncLocalStorage } from 'node:async_hooks'
import { type BillingOptions, createBilling } from '@portal-kit/server'
import { percentile } from '../drive-load.js'
import { driveRequests } from './drive-requests.js'
import { startEmulatorProcess } from './emulator-process.js'
import { stripeTime, timedStripe } from './timed-stripe.js'

export interface PortalLevel {
  inFlight: number
  /** The added Stripe latency of this level (each call waits 0.5-1.5x this, subtracted as Stripe time); 0 for none. */
  stripeLatencyMs: number
  ownP50Ms: number
  ownP99Ms: number
  stripeP50Ms: number
  /**
   * The floor any portal handler on this machine meets: a minimal `Request -> Response` handler, driven the
   * same way, that reads the body, makes one indexed store read (`findCustomerByAccount`), then the same
   * Stripe call, and answers `{ url }` as JSON; its own time is taken the same way.
   */
  floorP50Ms: number
  floorP99Ms: number
  /**
   * The floor's store read alone: one loopback round trip to Postgres. Over 2 ms, no handler that reads its
   * customer from the store can meet the target at that level on this machine.
   */
  floorStoreP99Ms: number
  /** CPU of this process per request: the handler, the SDK's side of each Stripe call, the driver. */
  nodeCpuMsPerRequest: number
  samples: number
}

export interface PortalFigure {
  levels: PortalLevel[]
  emulator: 'child process'
  /** Whether stacks were source-mapped while it ran (`as-in-production.ts` turns that off, as `next start` has it). */
  sourceMaps: boolean
}

/** A level of the portal figure: requests in flight, and the latency added to each Stripe call (default none). */
export interface PortalLevelSpec {
  inFlight: number
  stripeLatencyMs?: number
}

/**
 * Issue 12, target 2: `POST /portal` (JSON) for accounts whose customer is stored, at each level
 * of requests in flight. Each request's Stripe round trips are timed inside the SDK's HTTP client and subtracted;
 * the emulator runs in a child process, so none of its CPU is counted as the handler's own time.
 *
 * The emulator answers in about 0.5 ms, so with many in flight the loop turns as fast as the 2 cores allow and the
 * figure measures their queue. A level with `stripeLatencyMs` makes each Stripe call take about as long as a
 * nearby Stripe would (subtracted all the same), and starts its requests spread over that time, so they arrive
 * as independent customers' would.
 */
export async function measurePortalOwnTime(options: {
  billingOptions: BillingOptions
  requests: number
  levels: readonly PortalLevelSpec[]
  accounts?: number
  /** Requests each of the handler and the floor sends, untimed, before the timed rounds. */
  warmup?: number
  /** Rounds the timed requests are split into, the handler and the floor taking turns in each. */
  rounds?: number
}): Promise<PortalFigure> {
  const { requests, accounts = 200, warmup = 2000, rounds = 10 } = options
  const emulator = await startEmulatorProcess()
  try {
    const latency = { ms: 0 }
    const stripe = timedStripe(emulator.url, latency)
    const byAccount = new AsyncLocalStorage<string>()
    const billing = createBilling({
      ...options.billingOptions,
      stripe,
      getAccount: () => ({ id: byAccount.getStore() ?? '' }),
    })
    const links: { customerId: string; accountId: string; email: string | null }[] = []
    for (let i = 0; i < accounts; i++) {
      const customer = await stripe.customers.create({
        email: `portal${i}@example.com`,
        metadata: { accountId: `acct_portal_${i}` },
      })
      links.push({ customerId: customer.id, accountId: `acct_portal_${i}`, email: customer.email })
    }
    await billing.options.store.migrate()
    await billing.options.store.linkCustomers(links)

    /** The own time of `work` (its Stripe round trips subtracted) and its Stripe time, in ms. */
    const timeOwn = async (work: () => Promise<void>) => {
      const timing = { ms: 0 }
      const start = performance.now()
      await stripeTime.run(timing, work)
      return { ownMs: performance.now() - start - timing.ms, stripeMs: timing.ms }
    }
    /** A portal request as the app's framework hands it over: a Web `Request`, JSON body. */
    const portalRequest = () =>
      new Request('https://app.example/api/billing/portal', {
        method: 'POST',
        headers: { origin: 'https://app.example', 'content-type': 'application/json' },
        body: '{}',
      })
    /** One portal request through `handle`, its answer read in full, as the framework would. */
    const drive = (i: number, handle: (req: Request) => Promise<Response>) =>
      timeOwn(async () => {
        const res = await byAccount.run(`acct_portal_${i % accounts}`, () => handle(portalRequest()))
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`portal answered ${res.status}`)
      })
    const floorStoreMs: number[] = []
    /**
     * The floor: the least any portal handler does. It reads the body, looks the customer up in one indexed
     * read (timed alone), opens the session, and answers JSON; no guards, no errors mapped, nothing else.
     */
    const floorHandler = async (req: Request) => {
      JSON.parse(await req.text())
      const accountId = byAccount.getStore() ?? ''
      const start = performance.now()
      const customer = await billing.options.store.findCustomerByAccount(accountId)
      floorStoreMs.push(performance.now() - start)
      if (!customer) return new Response(null, { status: 404 })
      const session = await stripe.billingPortal.sessions.create({
        customer: customer.customerId,
        return_url: 'https://app.example/',
      })
      return Response.json({ url: session.url })
    }
    const viaHandler = (i: number) => drive(i, billing.handler)
    const viaFloor = (i: number) => drive(i, floorHandler)

    const levels: PortalLevel[] = []
    for (const { inFlight, stripeLatencyMs = 0 } of options.levels) {
      latency.ms = stripeLatencyMs
      const spread = { spreadStartMs: stripeLatencyMs }
      // Both warm up in full before anything is timed: V8 compiles the hot paths on background threads
      // during the first thousands of requests, and on 2 shared cores that delays the Postgres backend.
      // Timed first and cold, the handler's p99 read 1.5-2 ms higher than after its warm-up.
      await driveRequests(warmup, inFlight, async (i) => void (await viaHandler(i)), spread)
      await driveRequests(warmup, inFlight, async (i) => void (await viaFloor(i)), spread)
      const own: number[] = []
      const stripeMs: number[] = []
      const floor: number[] = []
      floorStoreMs.length = 0
      let handlerCpuMs = 0
      // Then they take turns, which goes first alternating by round, so a burst from elsewhere hits both alike.
      const perRound = Math.ceil(requests / rounds)
      for (let round = 0; round < rounds; round++) {
        const timeHandler = async () => {
          const { cpuMs } = await driveRequests(
            perRound,
            inFlight,
            async (i) => {
              const r = await viaHandler(round * perRound + i)
              own.push(r.ownMs)
              stripeMs.push(r.stripeMs)
            },
            spread,
          )
          handlerCpuMs += cpuMs
        }
        const timeFloor = () =>
          driveRequests(
            perRound,
            inFlight,
            async (i) => {
              floor.push((await viaFloor(round * perRound + i)).ownMs)
            },
            spread,
          )
        if (round % 2 === 0) {
          await timeHandler()
          await timeFloor()
        } else {
          await timeFloor()
          await timeHandler()
        }
      }
      levels.push({
        inFlight,
        stripeLatencyMs,
        ownP50Ms: percentile(own, 50),
        ownP99Ms: percentile(own, 99),
        stripeP50Ms: percentile(stripeMs, 50),
        floorP50Ms: percentile(floor, 50),
        floorP99Ms: percentile(floor, 99),
        floorStoreP99Ms: percentile(floorStoreMs, 99),
        nodeCpuMsPerRequest: handlerCpuMs / Math.max(1, own.length),
        samples: own.length,
      })
    }
    return { levels, emulator: 'child process', sourceMaps: process.sourceMapsEnabled }
  } finally {
    await emulator.close()
  }
}
