import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type RunningEmulator, startEmulator } from '@portal-kit/stripe-emulator'
import { stripeClientFor } from '@portal-kit/stripe-emulator/testing'
import type Stripe from 'stripe'
import { percentile } from './drive-load.js'

export interface EmulatorScaleOptions {
  /** Objects the emulators hold before the timed batches; the first is the baseline the others are compared to. */
  sizes: number[]
  /** Rounds of batches; each round times one batch per size, in a rotating order. */
  rounds: number
  /** Subscriptions (customer + card + subscription) per timed batch. */
  batch: number
  /** `emit` calls per timed batch of the emit-alone figure. */
  emits: number
  log: (line: string) => void
}

interface Verdict {
  target: string
  value: string
  pass: boolean
}

interface Contender {
  held: number
  running: RunningEmulator
  stripe: Stripe
  price: string
  /** Wall time until the batch's events were delivered, and CPU time of this process meanwhile, per subscription. */
  perSubscriptionMs: number[]
  cpuMsPerSubscription: number[]
  apiMsPerSubscription: number[]
  /** CPU µs per emit. */
  perEmitUs: number[]
}

/**
 * Creating a subscription (its customer, card and the subscription, with their events delivered to one endpoint)
 * and emitting one event, timed on emulators that already hold 0, 10,000 and 50,000 objects, taking turns.
 */
export async function measureEmulatorScale(options: EmulatorScaleOptions) {
  const { sizes, rounds, batch, emits, log } = options
  const receiver = await startTrivialReceiver()
  const contenders: Contender[] = []
  try {
    for (const held of sizes) {
      const running = await startEmulator({ scheduler: false })
      const stripe = stripeClientFor(running.url, { apiKey: 'sk_test_bench' })
      const contender = {
        held,
        running,
        stripe,
        price: '',
        perSubscriptionMs: [],
        cpuMsPerSubscription: [],
        apiMsPerSubscription: [],
        perEmitUs: [],
      }
      contender.price = await createMonthlyPrice(stripe)
      const start = performance.now()
      await seedThroughApi(contender, held)
      log(
        `emulator: seeded ${running.emulator.state.size} objects through the API in ${((performance.now() - start) / 1000).toFixed(1)} s`,
      )
      // Added after seeding: delivering the bulk's events one by one would make seeding take minutes.
      running.emulator.webhooks.addEndpoint({ url: receiver.url, secret: 'whsec_bench_scale' })
      contenders.push(contender)
    }
    // One untimed round warms the JIT and the sockets of every contender alike.
    for (const c of contenders) await createSubscriptions(c, batch)
    for (let round = 0; round < rounds; round++) {
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length] as Contender)
      for (const c of order) {
        if (c.held === 0) await resetToEmpty(c)
        const cpu = process.cpuUsage()
        const start = performance.now()
        await createSubscriptions(c, batch)
        c.apiMsPerSubscription.push((performance.now() - start) / batch)
        await c.running.emulator.webhooks.idle()
        c.perSubscriptionMs.push((performance.now() - start) / batch)
        c.cpuMsPerSubscription.push(cpuMs(process.cpuUsage(cpu)) / batch)
      }
      for (const c of order) c.perEmitUs.push(await timeEmits(c, emits))
    }
  } finally {
    for (const c of contenders) await c.running.close()
    await receiver.close()
  }

  const median = (xs: number[]) => percentile(xs, 50)
  const base = contenders[0] as Contender
  const figures = contenders.map((c) => ({
    heldObjects: c.held,
    heldAtEnd: c.running.emulator.state.size,
    medianCpuMsPerSubscription: median(c.cpuMsPerSubscription),
    cpuMsPerSubscriptionByRound: c.cpuMsPerSubscription,
    medianMsPerSubscription: median(c.perSubscriptionMs),
    msPerSubscriptionByRound: c.perSubscriptionMs,
    medianApiMsPerSubscription: median(c.apiMsPerSubscription),
    medianCpuUsPerEmit: median(c.perEmitUs),
    cpuUsPerEmitByRound: c.perEmitUs,
  }))
  const verdicts: Verdict[] = []
  for (const f of figures) {
    log(
      `emulator holding ${f.heldObjects}: a subscription with its events delivered ${f.medianCpuMsPerSubscription.toFixed(2)} CPU ms, ${f.medianMsPerSubscription.toFixed(2)} ms wall (API calls alone ${f.medianApiMsPerSubscription.toFixed(2)} ms); emit ${f.medianCpuUsPerEmit.toFixed(0)} CPU µs (medians of ${rounds} rounds)`,
    )
  }
  // Each round's ratio to the baseline's batch of the same round, then their median (as the status and history
  // figures do): the machine's speed drifts from round to round on shared cores, and a pair measured minutes
  // apart cancels that drift where a ratio of two medians does not. The ratio of the medians is reported beside.
  const roundRatios = (xs: number[], baseline: number[]) => median(xs.map((x, i) => x / (baseline[i] ?? Number.NaN)))
  const ratios: Record<
    string,
    { subscriptionCpu: number; subscriptionWall: number; emitCpu: number; subscriptionCpuOfMedians: number }
  > = {}
  for (const [i, f] of figures.entries()) {
    const c = contenders[i] as Contender
    if (c === base) continue
    const subscriptionCpu = roundRatios(c.cpuMsPerSubscription, base.cpuMsPerSubscription)
    const subscriptionWall = roundRatios(c.perSubscriptionMs, base.perSubscriptionMs)
    const emitCpu = roundRatios(c.perEmitUs, base.perEmitUs)
    const subscriptionCpuOfMedians = f.medianCpuMsPerSubscription / median(base.cpuMsPerSubscription)
    ratios[`${f.heldObjects}/${base.held}`] = { subscriptionCpu, subscriptionWall, emitCpu, subscriptionCpuOfMedians }
    log(
      `emulator ${f.heldObjects}/${base.held}: subscription ${subscriptionCpu.toFixed(2)}x CPU (ratio of medians ${subscriptionCpuOfMedians.toFixed(2)}x; ${subscriptionWall.toFixed(2)}x wall), emit ${emitCpu.toFixed(2)}x CPU (medians of per-round ratios)`,
    )
    verdicts.push({
      target: `emulator: a subscription at ${f.heldObjects} objects <= 1.2x at ${base.held} (CPU)`,
      value: `${subscriptionCpu.toFixed(2)}x`,
      pass: subscriptionCpu <= 1.2,
    })
    verdicts.push({
      target: `emulator: emit at ${f.heldObjects} objects <= 1.2x at ${base.held} (CPU)`,
      value: `${emitCpu.toFixed(2)}x`,
      pass: emitCpu <= 1.2,
    })
  }
  return {
    figures: { sizes: figures, ratios, rounds, batch, emitsPerBatch: emits, webhookEndpoints: 1 },
    verdicts,
  }
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000
}

/** A monthly $29 price of a new product, as the scale figures subscribe to. */
export async function createMonthlyPrice(stripe: Stripe): Promise<string> {
  const product = await stripe.products.create({ name: 'Pro' })
  const price = await stripe.prices.create({
    product: product.id,
    unit_amount: 2900,
    currency: 'usd',
    recurring: { interval: 'month' },
  })
  return price.id
}

/** What a user's test does for each new customer: create it, attach a card, make it the default, subscribe. */
async function createSubscription(c: Contender, i: number): Promise<void> {
  const customer = await c.stripe.customers.create({ email: `scale${i}@example.com`, metadata: { accountId: `a${i}` } })
  const pm = await c.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
  await c.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
  await c.stripe.subscriptions.create({ customer: customer.id, items: [{ price: c.price }] })
}

async function createSubscriptions(c: Contender, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await createSubscription(c, i)
}

/** The same journeys as the timed ones, 8 in flight, until the emulator holds `held` objects (events included). */
async function seedThroughApi(c: Contender, held: number): Promise<void> {
  const state = c.running.emulator.state
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (state.size < held) await createSubscription(c, next++)
    }),
  )
}

/** The baseline holds nothing but its price before each batch. */
async function resetToEmpty(c: Contender): Promise<void> {
  c.running.emulator.reset()
  c.price = await createMonthlyPrice(c.stripe)
}

/**
 * CPU µs per `emit` of a `customer.updated` event, its webhook payload built and queued; the queued deliveries
 * are then dropped untimed (`webhooks.reset()`, as `/_emulator/reset` does), so they do not slow the next batch,
 * and the events removed.
 */
async function timeEmits(c: Contender, n: number): Promise<number> {
  const emulator = c.running.emulator
  const customer = emulator.state.list('customer', (o) => !o.deleted)[0]
  if (!customer) throw new Error('no customer to emit for')
  const emitted: string[] = []
  const cpu = process.cpuUsage()
  for (let i = 0; i < n; i++) {
    emitted.push(emulator.emit('customer.updated', customer, { previousAttributes: { name: null } }).id)
  }
  const us = (cpuMs(process.cpuUsage(cpu)) * 1000) / n
  emulator.webhooks.reset()
  // Removed again so the emulator keeps holding what it was measured at.
  for (const id of emitted) emulator.state.remove(id)
  return us
}

/** Answers 200 to every delivery after reading it: the emulator's cost, not a handler's, is what is measured. */
async function startTrivialReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.end('{}'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
