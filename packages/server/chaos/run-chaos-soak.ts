import { startEmulator } from '@portal-kit/stripe-emulator'
import { seededRandom, stripeClientFor } from '@portal-kit/stripe-emulator/testing'
import type Stripe from 'stripe'
import type { Billing } from '../src/create-billing.js'
import { createBilling } from '../src/create-billing.js'
import { withStoreWriteFaults } from '../src/testing/store-write-faults.js'
import { eventCustomerId } from '../src/webhooks/event-customer-id.js'
import { type OperationKind, type OperationOutcome, operationKinds, runBillingOperation } from './billing-operations.js'
import { compareStoreWithStripe } from './compare-store-with-stripe.js'
import { createSoakCustomers } from './create-soak-customers.js'
import { startDeliveryBalancer } from './delivery-balancer.js'
import { type DeliveryCounts, DeliveryLedger } from './delivery-ledger.js'
import { FaultScope } from './fault-scope.js'
import { openSoakStores } from './soak-stores.js'

export interface ChaosSoakOptions {
  seed: number
  operations: number
  customers: number
  sync: 'fetch' | 'payload'
  /** Postgres with two app instances when set; one PGlite instance otherwise. */
  databaseUrl?: string
  /** Share of store writes that fail by injection. */
  writeFaultRate: number
}

export interface ChaosSoakReport {
  seed: number
  sync: 'fetch' | 'payload'
  store: string
  instances: number
  operations: Record<OperationOutcome, number>
  eventsSent: number
  deliveries: DeliveryCounts
  faultsInjected: number
  storeWrites: number
  /** Subscriptions and statuses that differed from Stripe once webhooks settled, before reconcile. */
  mismatchesBeforeReconcile: string[]
  /** Of those, what reconcile's run set right (rows it created or updated). */
  repairedByReconcile: number
  reconcileAttempts: number
  /** What still differs from Stripe after reconcile: must be empty. */
  mismatches: string[]
  /** Deliveries never answered 2xx or given up. */
  unsettledDeliveries: string[]
  /** onEvent not run exactly once per acknowledged event id, or run for an unacknowledged one. */
  onEventProblems: string[]
  /** 5xx answers (webhook or status) to a request no fault was injected into, and handler throws. */
  unexplainedErrors: string[]
  crashes: number
  heapBeforeMb: number
  heapAfterMb: number
  durationMs: number
  /** CPU time this process spent (user and system), which the wall time of a loaded machine hides. */
  cpuMs: number
}

const appUrl = 'https://app.example'
const webhookSecret = 'whsec_portal_kit_chaos_soak'
const workers = 8
const day = 86_400

/**
 * One soak: the emulator with webhook chaos delivering through a load balancer to the app's
 * instances (stores failing writes by injection), random billing operations across the customers,
 * then webhooks settled, compared with Stripe, reconciled and compared again.
 */
export async function runChaosSoak(options: ChaosSoakOptions): Promise<ChaosSoakReport> {
  const started = Date.now()
  const cpuAtStart = process.cpuUsage()
  let lap = started
  const mark = (what: string) => {
    if (process.env.CHAOS_DEBUG) console.log(`${what} after ${Date.now() - lap} ms`)
    lap = Date.now()
  }
  const plan = seededRandom(options.seed)
  const faultScope = new FaultScope()
  const stores = await openSoakStores(options.databaseUrl)
  const faulty = stores.instances.map((store, i) =>
    withStoreWriteFaults(store, {
      rate: options.writeFaultRate,
      random: seededRandom(options.seed + 1 + i),
      onFault: () => faultScope.note(),
    }),
  )
  const instances: Billing[] = []
  const unexplainedErrors: string[] = []
  const balancer = await startDeliveryBalancer(instances, {
    appUrl,
    random: seededRandom(options.seed + 100),
    faultScope,
  })
  const emulator = await startEmulator({
    webhookEndpoints: [{ url: balancer.url, secret: webhookSecret }],
    chaos: { duplicateRate: 0.2, reorderRate: 0.2, dropRate: 0.1, delayRate: 0.2, maxDelayMs: 500, seed: options.seed },
    webhookDelivery: { retryInitialDelayMs: 50, retryMaxDelayMs: 1000, maxAttempts: 10, concurrency: 8 },
    scheduler: false,
  })
  const ledger = new DeliveryLedger()
  emulator.emulator.webhooks.onDelivery((delivery) => ledger.record(delivery))
  const eventsByCustomer = new Map<string, Stripe.Event[]>()
  const emittedIds: string[] = []
  emulator.emulator.onEvent((event) => {
    emittedIds.push(event.id)
    const customerId = eventCustomerId(event)
    if (!customerId) return
    const events = eventsByCustomer.get(customerId) ?? []
    events.push(event)
    eventsByCustomer.set(customerId, events)
  })
  const onEventCalls = new Map<string, number>()
  let crashes = 0
  const onCrash = () => {
    crashes++
  }
  process.on('unhandledRejection', onCrash)
  process.on('uncaughtException', onCrash)
  const quiet = { warn() {}, error() {} }
  for (const f of faulty) {
    instances.push(
      createBilling({
        stripe: stripeClientFor(emulator.url),
        webhookSecret,
        store: f.store,
        getAccount: (req) => {
          const id = req.headers.get('x-chaos-account')
          return id ? { id, email: `${id}@example.com` } : null
        },
        returnUrl: '/settings/billing',
        appUrl,
        sync: options.sync,
        logger: quiet,
        onEvent: async (event) => {
          onEventCalls.set(event.id, (onEventCalls.get(event.id) ?? 0) + 1)
        },
      }),
    )
  }

  try {
    // Open and migrate the database first, as a deployed app has, so the first deliveries do not wait on it.
    for (const billing of instances) await billing.api.getStatus('acct_chaos_warmup')
    const stripe = stripeClientFor(emulator.url)
    const now = Math.floor(Date.now() / 1000)
    const { customers, prices } = await createSoakCustomers(stripe, {
      count: options.customers,
      clockStart: now - 400 * day,
      label: `${options.sync}_${options.seed}`,
    })
    await emulator.emulator.webhooks.idle(120_000)
    mark('setup')
    const heapBeforeMb = heapMb()

    const outcomes: Record<OperationOutcome, number> = { applied: 0, refused: 0, skipped: 0 }
    const steps = Array.from({ length: options.operations }, () => ({
      customer: Math.floor(plan() * customers.length),
      kind: operationKinds[Math.floor(plan() * operationKinds.length)] as OperationKind,
      seed: Math.floor(plan() * 2 ** 32),
    }))
    const customerQueues = new Map<number, Promise<unknown>>()
    let next = 0
    const worker = async () => {
      while (next < steps.length) {
        const step = steps[next++] as (typeof steps)[number]
        const customer = customers[step.customer] as (typeof customers)[number]
        const previous = customerQueues.get(step.customer) ?? Promise.resolve()
        const run = previous.then(async () => {
          const outcome = await runBillingOperation(stripe, customer, step.kind, {
            prices,
            random: seededRandom(step.seed),
            latestClockTime: now - 2 * day,
          })
          outcomes[outcome]++
          const instance = step.seed % instances.length
          const { result: status, faults } = await faultScope.count(async () => {
            const response = await (instances[instance] as Billing).handler(
              new Request(`${appUrl}/api/billing/status`, { headers: { 'x-chaos-account': customer.accountId } }),
            )
            return response.status
          })
          if (status >= 500 && faults === 0) unexplainedErrors.push(`GET /status answered ${status} with no fault`)
        })
        customerQueues.set(step.customer, run)
        await run
      }
    }
    await Promise.all(Array.from({ length: workers }, worker))
    mark('operations')
    await emulator.emulator.webhooks.idle(180_000)
    mark('webhooks settled')

    const compare = () =>
      compareStoreWithStripe({
        stripe,
        store: stores.instances[0] as (typeof stores.instances)[number],
        billing: instances[0] as Billing,
        customers,
        eventsOf: (customerId) => eventsByCustomer.get(customerId) ?? [],
      })
    const mismatchesBeforeReconcile = await compare()
    let repairedByReconcile = 0
    let reconcileAttempts = 0
    for (;;) {
      reconcileAttempts++
      try {
        const report = await (instances[0] as Billing).api.reconcile()
        repairedByReconcile += report.created + report.updated
        break
      } catch (error) {
        // A write failed by injection rejects the run; the next run starts over, as a cron would.
        if (reconcileAttempts >= 20) throw error
      }
    }
    mark('compared, reconciled')
    const mismatches = await compare()

    for (const answer of balancer.answers) {
      if (answer.threw) unexplainedErrors.push(`webhook ${answer.eventId}: the handler threw`)
      else if (answer.status >= 500 && answer.faults === 0) {
        unexplainedErrors.push(`webhook ${answer.eventId}: ${answer.status} with no fault injected`)
      }
    }
    const acknowledged = new Set(
      balancer.answers.filter((a) => a.status >= 200 && a.status < 300).map((a) => a.eventId),
    )
    const onEventProblems: string[] = []
    for (const id of acknowledged) {
      const calls = id ? (onEventCalls.get(id) ?? 0) : 0
      if (calls !== 1) onEventProblems.push(`onEvent ran ${calls} times for acknowledged ${id}`)
    }
    for (const [id, calls] of onEventCalls) {
      if (!acknowledged.has(id)) onEventProblems.push(`onEvent ran ${calls} times for unacknowledged ${id}`)
    }

    const report = {
      seed: options.seed,
      sync: options.sync,
      store: stores.name,
      instances: instances.length,
      operations: outcomes,
      eventsSent: emittedIds.length,
      deliveries: ledger.counts(),
      faultsInjected: faulty.reduce((n, f) => n + f.faults.counts.faults, 0),
      storeWrites: faulty.reduce((n, f) => n + f.faults.counts.writes, 0),
      mismatchesBeforeReconcile,
      repairedByReconcile,
      reconcileAttempts,
      mismatches,
      unsettledDeliveries: ledger.unsettled(emittedIds),
      onEventProblems,
      unexplainedErrors,
      crashes,
      heapBeforeMb,
      heapAfterMb: 0,
      durationMs: 0,
      cpuMs: 0,
    }
    // What the emulator and this run's bookkeeping hold is not the server's: drop it before measuring.
    emulator.emulator.reset()
    eventsByCustomer.clear()
    balancer.answers.length = 0
    report.heapAfterMb = heapMb()
    report.durationMs = Date.now() - started
    const cpu = process.cpuUsage(cpuAtStart)
    report.cpuMs = (cpu.user + cpu.system) / 1000
    return report
  } finally {
    process.off('unhandledRejection', onCrash)
    process.off('uncaughtException', onCrash)
    await emulator.close()
    await balancer.close()
    await stores.dispose()
  }
}

/** Heap in use after a full collection when the process allows one (`--expose-gc`), in MB. */
function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed / 1024 / 1024
}
