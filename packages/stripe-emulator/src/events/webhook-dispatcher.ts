import type Stripe from 'stripe'
import type { EmulatorState, StoredObject } from '../state/emulator-state.js'
import type { ChaosSettings } from './chaos-settings.js'
import { matchesEnabledEvents } from './matches-enabled-events.js'
import { postWebhook } from './post-webhook.js'
import { seededRandom } from './seeded-random.js'
import { webhookEndpointSecret } from './webhook-endpoint-secret.js'
import { signWebhookPayload } from './webhook-signature.js'

export interface WebhookEndpointConfig {
  url: string
  secret: string
  /** Event types to send; omitted or `['*']` means all. */
  enabledEvents?: string[]
}

/** One delivery attempt of one event to one endpoint. */
export interface WebhookDelivery {
  eventId: string
  eventType: string
  url: string
  /** `we_...` for endpoints created through the API, `null` for ones configured at start. */
  endpointId: string | null
  /** 1 for the first attempt of this copy, 2 for its first retry, and so on. */
  attempt: number
  /** HTTP status of the answer, or `null` when there was none (network error, time-out, chaos drop). */
  status: number | null
  error: string | null
  /** True for the extra copy that chaos `duplicateRate` sends. */
  duplicate: boolean
  /** ISO time the attempt started. */
  at: string
}

export interface WebhookDeliverySettings {
  /** Wait before the first retry; doubles on each further retry. Stripe waits hours; the emulator waits milliseconds. */
  retryInitialDelayMs: number
  retryMaxDelayMs: number
  /** Failed attempts after which an event is given up for that endpoint (chaos drops do not count). */
  maxAttempts: number
  /** An endpoint that has not answered by then counts as failed. */
  timeoutMs: number
  /**
   * Requests in flight at once per endpoint. 1 (the default) sends one event at a time, in order;
   * more sends them side by side, as Stripe does, so a load-balanced receiver sees concurrent deliveries.
   */
  concurrency: number
}

export const defaultWebhookDeliverySettings: WebhookDeliverySettings = {
  retryInitialDelayMs: 100,
  retryMaxDelayMs: 2_000,
  maxAttempts: 6,
  timeoutMs: 10_000,
  concurrency: 1,
}

/** A reordered event waits this long for a later event to overtake it, then goes anyway. */
const reorderHoldMs = 1_000
const maxRecordedDeliveries = 10_000
const defaultIdleTimeoutMs = 30_000

interface Endpoint {
  key: string
  id: string | null
  url: string
  secret: string
  enabledEvents: readonly string[]
}

interface DeliveryJob {
  eventId: string
  eventType: string
  payload: string
  attempts: number
  failures: number
  readyAt: number
  /** Set while held back for chaos reordering. */
  holdUntil: number | null
  dropNextAttempt: boolean
  duplicate: boolean
}

type StoredEndpoint = StoredObject & { url: string; status: string; enabled_events: string[] }
type StoredEvent = StoredObject & { type: string; pending_webhooks: number; request: Stripe.Event.Request | null }

export class WebhookIdleTimeoutError extends Error {}

/**
 * Signs and POSTs every event to every endpoint (configured at start, or created through
 * `/v1/webhook_endpoints`), retrying non-2xx answers with backoff, with optional chaos.
 * Per endpoint `concurrency` requests (default one) are in flight at a time and events go in the
 * order they happened, unless a retry, a delay, chaos or a concurrent request lets a later one overtake.
 */
/**
 * What delivery needs from the emulator: the stored events and endpoints, the live chaos settings, and a way to
 * report that `pending_webhooks` changed (so the state file is saved). Narrow, so events/ never imports the emulator.
 */
export interface WebhookDispatcherPort {
  readonly state: EmulatorState
  readonly chaos: ChaosSettings
  changed(): void
}

export class WebhookDispatcher {
  readonly settings: WebhookDeliverySettings = { ...defaultWebhookDeliverySettings }
  private readonly queues = new Map<string, DeliveryJob[]>()
  /** Per endpoint, the abort function of each request in flight. */
  private readonly inFlight = new Map<string, Map<number, () => void>>()
  private nextRequest = 0
  private readonly timers = new Map<string, NodeJS.Timeout>()
  /** Per endpoint, the event held back so the next one can overtake it. */
  private readonly reorderHolds = new Map<string, string>()
  private readonly delivered = new Set<string>()
  private records: WebhookDelivery[] = []
  private readonly deliveryListeners = new Set<(delivery: WebhookDelivery) => void>()
  private idleWaiters: Array<() => void> = []
  private generation = 0
  private closed = false
  private currentRequest: { id: string; idempotencyKey: string | null } | null = null
  private rng: (() => number) | undefined
  private rngSeed: number | undefined

  constructor(
    private readonly host: WebhookDispatcherPort,
    private readonly configured: WebhookEndpointConfig[],
  ) {}

  /** Adds an endpoint like the ones given at start (not listed by `/v1/webhook_endpoints`). */
  addEndpoint(config: WebhookEndpointConfig): void {
    this.configured.push(config)
  }

  /** How many endpoints will receive an event of this type: the event's `pending_webhooks`. */
  endpointCount(eventType: string): number {
    return this.endpoints().filter((e) => matchesEnabledEvents(e.enabledEvents, eventType)).length
  }

  /** Events emitted while `fn` runs name this API request in `event.request`, as Stripe's do. */
  duringRequest<T>(request: { id: string; idempotencyKey: string | null }, fn: () => T): T {
    const previous = this.currentRequest
    this.currentRequest = request
    try {
      return fn()
    } finally {
      this.currentRequest = previous
    }
  }

  enqueue(event: Stripe.Event): void {
    if (this.closed) return
    const stored = event as unknown as StoredEvent
    if (this.currentRequest) {
      stored.request = { id: this.currentRequest.id, idempotency_key: this.currentRequest.idempotencyKey }
    }
    const endpoints = this.endpoints().filter((e) => matchesEnabledEvents(e.enabledEvents, event.type))
    if (endpoints.length === 0) return
    // The body is fixed when the event happens; every attempt and copy sends the same bytes.
    const payload = JSON.stringify(event, null, 2)
    for (const endpoint of endpoints) {
      this.queueFor(endpoint.key, event.id, event.type, payload)
      this.scheduleAt(endpoint.key, Date.now())
    }
  }

  /** Every attempt so far, oldest first; filter by event id or event type. */
  deliveries(filter: { eventId?: string; type?: string } = {}): WebhookDelivery[] {
    return this.records
      .filter((d) => (!filter.eventId || d.eventId === filter.eventId) && (!filter.type || d.eventType === filter.type))
      .map((d) => ({ ...d }))
  }

  /**
   * Calls `listener` with every attempt as it is recorded (the recorded list keeps only the last
   * 10,000, so a long soak counts through this). Returns a function that unsubscribes.
   */
  onDelivery(listener: (delivery: WebhookDelivery) => void): () => void {
    this.deliveryListeners.add(listener)
    return () => this.deliveryListeners.delete(listener)
  }

  /** Jobs waiting (including ones waiting for a retry) and requests in flight. */
  pending(): { queued: number; inFlight: number } {
    let queued = 0
    for (const queue of this.queues.values()) queued += queue.length
    let inFlight = 0
    for (const requests of this.inFlight.values()) inFlight += requests.size
    return { queued, inFlight }
  }

  /**
   * Resolves once nothing is queued or in flight (used by tests and `/_emulator/webhooks/flush`).
   * Rejects with `WebhookIdleTimeoutError` if that takes longer than `timeoutMs`.
   */
  async idle(timeoutMs = defaultIdleTimeoutMs): Promise<void> {
    if (this.isIdle()) return
    await new Promise<void>((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== waiter)
        const { queued, inFlight } = this.pending()
        reject(
          new WebhookIdleTimeoutError(
            `Webhook deliveries still pending after ${timeoutMs} ms: ${queued} queued, ${inFlight} in flight.`,
          ),
        )
      }, timeoutMs)
      this.idleWaiters.push(waiter)
    })
  }

  /** Forgets every queued job, in-flight request and recorded attempt (`/_emulator/reset`). */
  reset(): void {
    this.generation++
    this.stopEverything()
    this.records = []
    this.delivered.clear()
    this.rng = undefined
    this.rngSeed = undefined
    this.resolveIdleWaiters()
  }

  async close(): Promise<void> {
    this.closed = true
    this.generation++
    this.stopEverything()
    this.resolveIdleWaiters()
  }

  private stopEverything(): void {
    for (const requests of this.inFlight.values()) for (const abort of requests.values()) abort()
    this.inFlight.clear()
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    this.queues.clear()
    this.reorderHolds.clear()
  }

  private endpoints(): Endpoint[] {
    const configured = this.configured.map((c, i) => ({
      key: `configured:${i}`,
      id: null,
      url: c.url,
      secret: c.secret,
      enabledEvents: c.enabledEvents ?? ['*'],
    }))
    const created = this.host.state
      .list<StoredEndpoint>('webhook_endpoint', (e) => e.status === 'enabled')
      .reverse()
      .flatMap((e) => {
        const secret = webhookEndpointSecret(this.host.state, e.id)
        return secret ? [{ key: e.id, id: e.id, url: e.url, secret, enabledEvents: e.enabled_events }] : []
      })
    return [...configured, ...created]
  }

  private queueFor(key: string, eventId: string, eventType: string, payload: string): void {
    const chaos = this.host.chaos
    const now = Date.now()
    const job: DeliveryJob = {
      eventId,
      eventType,
      payload,
      attempts: 0,
      failures: 0,
      readyAt: now,
      holdUntil: null,
      dropNextAttempt: false,
      duplicate: false,
    }
    // Draws happen in a fixed order so a seed reproduces the same faults.
    if (chaos.delayRate > 0 && this.random() < chaos.delayRate) {
      job.readyAt = now + Math.floor(this.random() * chaos.maxDelayMs)
    }
    if (chaos.dropRate > 0 && this.random() < chaos.dropRate) job.dropNextAttempt = true
    const jobs = [job]
    if (chaos.duplicateRate > 0 && this.random() < chaos.duplicateRate) {
      jobs.push({ ...job, dropNextAttempt: false, duplicate: true })
    }
    const reorder = chaos.reorderRate > 0 && this.random() < chaos.reorderRate

    const queue = this.queues.get(key) ?? []
    this.queues.set(key, queue)
    const heldEventId = this.reorderHolds.get(key)
    const heldAt = heldEventId === undefined ? -1 : queue.findIndex((j) => j.eventId === heldEventId)
    if (heldAt === -1) {
      queue.push(...jobs)
    } else {
      queue.splice(heldAt, 0, ...jobs)
      for (const j of queue) if (j.eventId === heldEventId) j.holdUntil = null
      this.reorderHolds.delete(key)
    }
    // An event that just overtook a held one is not held itself, or no swap would ever show.
    if (reorder && heldAt === -1) {
      for (const j of jobs) j.holdUntil = now + reorderHoldMs
      this.reorderHolds.set(key, eventId)
    }
  }

  private scheduleAt(key: string, at: number): void {
    const existing = this.timers.get(key)
    if (existing) clearTimeout(existing)
    const timer = setTimeout(
      () => {
        this.timers.delete(key)
        this.pump(key)
      },
      Math.max(0, at - Date.now()),
    )
    // Pending retries must not keep a process alive that forgot to call close().
    timer.unref()
    this.timers.set(key, timer)
  }

  private pump(key: string): void {
    if (this.closed) return
    const queue = this.queues.get(key)
    if (!queue || queue.length === 0) {
      this.queues.delete(key)
      this.checkIdle()
      return
    }
    const now = Date.now()
    const readyAt = (j: DeliveryJob) => Math.max(j.readyAt, j.holdUntil ?? 0)
    while ((this.inFlight.get(key)?.size ?? 0) < this.settings.concurrency) {
      const index = queue.findIndex((j) => readyAt(j) <= now)
      if (index === -1) {
        if (queue.length > 0) this.scheduleAt(key, Math.min(...queue.map(readyAt)))
        return
      }
      const job = queue.splice(index, 1)[0] as DeliveryJob
      if (this.reorderHolds.get(key) === job.eventId) this.reorderHolds.delete(key)
      const endpoint = this.endpoints().find((e) => e.key === key)
      // Deleted or disabled since the event happened: nothing to send it to.
      if (!endpoint) continue
      void this.attempt(endpoint, job)
    }
  }

  private async attempt(endpoint: Endpoint, job: DeliveryJob): Promise<void> {
    job.attempts++
    const at = new Date().toISOString()
    if (job.dropNextAttempt) {
      job.dropNextAttempt = false
      this.record(endpoint, job, at, { status: null, error: 'Dropped by chaos (dropRate); retried later.' })
      this.retryLater(endpoint.key, job)
      return
    }
    const generation = this.generation
    const request = this.nextRequest++
    const requests = this.inFlight.get(endpoint.key) ?? new Map<number, () => void>()
    this.inFlight.set(endpoint.key, requests)
    requests.set(request, () => {})
    const result = await postWebhook(
      {
        url: endpoint.url,
        body: job.payload,
        timeoutMs: this.settings.timeoutMs,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          accept: '*/*; q=0.5, application/xml',
          'cache-control': 'no-cache',
          'stripe-signature': signWebhookPayload(job.payload, endpoint.secret),
        },
      },
      (abort) => requests.set(request, abort),
    )
    if (generation !== this.generation) return
    requests.delete(request)
    if (requests.size === 0) this.inFlight.delete(endpoint.key)
    this.record(endpoint, job, at, result)
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      this.markDelivered(endpoint.key, job.eventId)
      this.scheduleAt(endpoint.key, Date.now())
      return
    }
    job.failures++
    if (job.failures >= this.settings.maxAttempts) {
      this.scheduleAt(endpoint.key, Date.now())
      return
    }
    this.retryLater(endpoint.key, job)
  }

  private retryLater(key: string, job: DeliveryJob): void {
    const { retryInitialDelayMs, retryMaxDelayMs } = this.settings
    const delay = Math.min(retryInitialDelayMs * 2 ** Math.max(0, job.attempts - 1), retryMaxDelayMs)
    job.readyAt = Date.now() + delay
    job.holdUntil = null
    const queue = this.queues.get(key) ?? []
    this.queues.set(key, queue)
    queue.unshift(job)
    this.scheduleAt(key, Date.now())
  }

  private markDelivered(key: string, eventId: string): void {
    const id = `${eventId} ${key}`
    if (this.delivered.has(id)) return
    this.delivered.add(id)
    const event = this.host.state.find<StoredEvent>('event', eventId)
    if (event && event.pending_webhooks > 0) {
      event.pending_webhooks--
      this.host.changed()
    }
  }

  private record(
    endpoint: Endpoint,
    job: DeliveryJob,
    at: string,
    result: { status: number | null; error: string | null },
  ): void {
    const delivery: WebhookDelivery = {
      eventId: job.eventId,
      eventType: job.eventType,
      url: endpoint.url,
      endpointId: endpoint.id,
      attempt: job.attempts,
      status: result.status,
      error: result.error,
      duplicate: job.duplicate,
      at,
    }
    this.records.push(delivery)
    for (const listener of this.deliveryListeners) listener({ ...delivery })
    if (this.records.length > maxRecordedDeliveries) this.records.splice(0, this.records.length - maxRecordedDeliveries)
  }

  private random(): number {
    const seed = this.host.chaos.seed
    if (seed === undefined) return Math.random()
    if (!this.rng || this.rngSeed !== seed) {
      this.rng = seededRandom(seed)
      this.rngSeed = seed
    }
    return this.rng()
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && [...this.queues.values()].every((q) => q.length === 0)
  }

  private checkIdle(): void {
    if (this.isIdle()) this.resolveIdleWaiters()
  }

  private resolveIdleWaiters(): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const waiter of waiters) waiter()
  }
}
