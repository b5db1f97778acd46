import type Stripe from 'stripe'
import { ApiVersion } from './api-version.js'
import type { ChaosSettings } from './events/chaos-settings.js'
import { defaultChaos } from './events/chaos-settings.js'
import { WebhookDispatcher, type WebhookEndpointConfig } from './events/webhook-dispatcher.js'
import { EmulatorState, type StoredObject } from './state/emulator-state.js'

export interface EmulatorSettings {
  /** Shown in the hosted pages ("Return to Acme"). */
  businessName: string
  /** Days after a failed renewal on which payment is retried (Stripe's default schedule is similar). */
  paymentRetryDays: number[]
  /** What happens after the last retry fails: Stripe's "Manage failed payments" setting. */
  afterFinalFailure: 'cancel' | 'unpaid' | 'past_due'
  /** Days before a trial ends that `customer.subscription.trial_will_end` is sent. */
  trialWillEndDays: number
  /**
   * Stripe's "invoice finalization grace period": how long an invoice a subscription's cycle creates (a renewal,
   * the end of a trial) stays a draft before it is finalized and charged. Stripe's default is 1 hour; 0 finalizes
   * and charges at once.
   */
  invoiceFinalizationGraceHours: number
}

export const defaultSettings: EmulatorSettings = {
  businessName: 'Portal Kit Demo',
  paymentRetryDays: [3, 5, 7],
  afterFinalFailure: 'cancel',
  trialWillEndDays: 3,
  invoiceFinalizationGraceHours: 1,
}

export interface EmitOptions {
  previousAttributes?: Record<string, unknown>
  /** The test clock the object belongs to: the event's `created` is that clock's time. */
  testClock?: string | null
}

/**
 * The running emulator as resources and pages see it: state, clocks, settings, and `emit`,
 * which records a Stripe event and hands it to webhook delivery.
 */
export class Emulator {
  readonly state = new EmulatorState()
  settings: EmulatorSettings
  chaos: ChaosSettings = { ...defaultChaos }
  readonly apiVersion = ApiVersion
  readonly webhooks: WebhookDispatcher
  /** Public base URL, e.g. `http://127.0.0.1:12111`, set once the server listens. */
  url = ''
  private readonly changeListeners: Array<() => void> = []
  private readonly eventListeners = new Set<(event: Stripe.Event) => void>()

  constructor(options: { settings?: Partial<EmulatorSettings>; webhookEndpoints?: WebhookEndpointConfig[] } = {}) {
    this.settings = { ...defaultSettings, ...options.settings }
    this.webhooks = new WebhookDispatcher(this, options.webhookEndpoints ?? [])
  }

  /** Current unix time in seconds: real time, or the frozen time of a test clock. */
  now(testClock?: string | null): number {
    if (testClock) {
      const clock = this.state.find<StoredObject & { frozen_time: number }>('test_helpers.test_clock', testClock)
      if (clock) return clock.frozen_time
    }
    return Math.floor(Date.now() / 1000)
  }

  /** Time as seen by a customer: its test clock's frozen time, or real time. */
  nowForCustomer(customerId: string | null | undefined): number {
    if (!customerId) return this.now()
    const customer = this.state.find<StoredObject & { test_clock: string | null }>('customer', customerId)
    return this.now(customer?.test_clock ?? null)
  }

  emit(type: string, object: StoredObject, options: EmitOptions = {}): Stripe.Event {
    const data: Record<string, unknown> = { object: structuredClone(object) }
    if (options.previousAttributes) data.previous_attributes = structuredClone(options.previousAttributes)
    const event = this.state.insert({
      id: this.state.newId('evt'),
      object: 'event',
      api_version: this.apiVersion,
      created: this.now(options.testClock ?? null),
      data,
      livemode: false,
      pending_webhooks: this.webhooks.endpointCount(type),
      request: { id: null, idempotency_key: null },
      type,
    })
    this.webhooks.enqueue(event as unknown as Stripe.Event)
    for (const listener of this.eventListeners) listener(event as unknown as Stripe.Event)
    return event as unknown as Stripe.Event
  }

  /**
   * Calls `listener` with every event as it is emitted, in emission order (the events list is
   * ordered by `created`, which follows test clocks). Returns a function that unsubscribes.
   */
  onEvent(listener: (event: Stripe.Event) => void): () => void {
    this.eventListeners.add(listener)
    return () => this.eventListeners.delete(listener)
  }

  /** Forgets every object, event, idempotency key, queued delivery and recorded attempt; configured endpoints stay. */
  reset(): void {
    this.webhooks.reset()
    this.state.clear()
    this.changed()
  }

  /** Called after every state change; used to persist the state file. */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener)
  }

  changed(): void {
    for (const listener of this.changeListeners) listener()
  }
}
