import { AsyncLocalStorage } from 'node:async_hooks'
import { type BillingOptions, createBilling } from '@portal-kit/server'
import { percentile } from '../drive-load.js'
import { driveRequests } from './drive-requests.js'
import { startEmulatorProcess } from './emulator-process.js'
import { stripeTime, timedStripe } from './timed-stripe.js'

export interface PortalLevel {
  inFlight: number
  ownP50Ms: number
  ownP99Ms: number
  stripeP50Ms: number
  /**
   * The floor any portal handler on this machine meets: the same Stripe call, then one indexed store read
   * (`findCustomerByAccount`) and nothing else, its own time taken the same way. A p99 above 2 ms here is
   * the machine's (a loopback round trip answered late), not the handler's.
   */
  floorP50Ms: number
  floorP99Ms: number
  /** CPU of this process per request: the handler, the SDK's side of each Stripe call, the driver. */
  nodeCpuMsPerRequest: number
  samples: number
}

export interface PortalFigure {
  levels: PortalLevel[]
  emulator: 'child process'
}

/**
 * Issue 12, target 2: `POST /portal` (JSON) for accounts whose customer is stored, at each level
 * of requests in flight. Each request's Stripe round trips are timed inside the SDK's HTTP client and subtracted;
 * the emulator runs in a child process, so none of its CPU is counted as the handler's own time.
 */
export async function measurePortalOwnTime(options: {
  billingOptions: BillingOptions
  requests: number
  levels: readonly number[]
  accounts?: number
  /** Requests each of the handler and the floor sends, untimed, before the timed rounds. */
  warmup?: number
  /** Rounds the timed requests are split into, the handler and the floor taking turns in each. */
  rounds?: number
}): Promise<PortalFigure> {
  const { requests, accounts = 200, warmup = 2000, rounds = 10 } = options
  const emulator = await startEmulatorProcess()
  try {
    const stripe = timedStripe(emulator.url)
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
    /** One portal request through the handler. */
    const viaHandler = (i: number) =>
      timeOwn(async () => {
        const res = await byAccount.run(`acct_portal_${i % accounts}`, () =>
          billing.handler(
            new Request('https://app.example/api/billing/portal', {
              method: 'POST',
              headers: { origin: 'https://app.example', 'content-type': 'application/json' },
              body: '{}',
            }),
          ),
        )
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`portal answered ${res.status}`)
      })
    /** The floor: the same Stripe call and one indexed store read, nothing else. */
    const viaFloor = (i: number) =>
      timeOwn(async () => {
        const customerId = links[i % accounts]?.customerId as string
        await stripe.billingPortal.sessions.create({ customer: customerId, return_url: 'https://app.example/' })
        await billing.options.store.findCustomerByAccount(`acct_portal_${i % accounts}`)
      })

    const levels: PortalLevel[] = []
    for (const inFlight of options.levels) {
      // Both warm up in full before anything is timed: V8 compiles the hot paths on background threads
      // during the first thousands of requests, and on 2 shared cores that delays the Postgres backend.
      // Timed first and cold, the handler's p99 read 1.5-2 ms higher than after its warm-up.
      await driveRequests(warmup, inFlight, async (i) => void (await viaHandler(i)))
      await driveRequests(warmup, inFlight, async (i) => void (await viaFloor(i)))
      const own: number[] = []
      const stripeMs: number[] = []
      const floor: number[] = []
      let handlerCpuMs = 0
      // Then they take turns, which goes first alternating by round, so a burst from elsewhere hits both alike.
      const perRound = Math.ceil(requests / rounds)
      for (let round = 0; round < rounds; round++) {
        const timeHandler = async () => {
          const { cpuMs } = await driveRequests(perRound, inFlight, async (i) => {
            const r = await viaHandler(round * perRound + i)
            own.push(r.ownMs)
            stripeMs.push(r.stripeMs)
          })
          handlerCpuMs += cpuMs
        }
        const timeFloor = () =>
          driveRequests(perRound, inFlight, async (i) => {
            floor.push((await viaFloor(round * perRound + i)).ownMs)
          })
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
        ownP50Ms: percentile(own, 50),
        ownP99Ms: percentile(own, 99),
        stripeP50Ms: percentile(stripeMs, 50),
        floorP50Ms: percentile(floor, 50),
        floorP99Ms: percentile(floor, 99),
        nodeCpuMsPerRequest: handlerCpuMs / Math.max(1, own.length),
        samples: own.length,
      })
    }
    return { levels, emulator: 'child process' }
  } finally {
    await emulator.close()
  }
}
