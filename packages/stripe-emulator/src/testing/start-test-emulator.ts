import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { generateWebhookSecret } from '../events/webhook-signature.js'
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../start-emulator.js'
import { type StripeClientOptions, stripeClientFor } from './stripe-client-for.js'
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js'

export interface TestEmulatorOptions extends EmulatorOptions, StripeClientOptions {}

export interface TestEmulator {
  /** Base URL, e.g. `http://127.0.0.1:54021` (a free port unless `port` is given). */
  url: string
  /** An official SDK client bound to this emulator. */
  stripe: Stripe
  /** The live emulator (state, settings, chaos, webhook dispatcher). */
  emulator: Emulator
  running: RunningEmulator
  /** An endpoint of the emulator that verifies every delivery with `constructEvent` and keeps it. */
  webhooks: WebhookReceiver
  /** The secret `webhooks` verifies with. */
  webhookSecret: string
  /** Events delivered to `webhooks` and verified, in arrival order; only those of `type` when given. */
  deliveredEvents(type?: string): Stripe.Event[]
  /** Every event emitted since start or the last reset, in emission order. */
  emittedEvents(type?: string): Stripe.Event[]
  /** Resolves once every queued delivery has been answered or given up. */
  webhooksIdle(timeoutMs?: number): Promise<void>
  /** Advances a test clock, then waits until the webhooks of the work it did have been delivered. */
  advanceClock(clock: string, to: number | Date): Promise<Stripe.TestHelpers.TestClock>
  /** Forgets every object, event and delivery (endpoints given at start stay), and what was collected. */
  reset(): Promise<void>
  close(): Promise<void>
}

/**
 * Starts the emulator in this process on a free port, with an SDK client bound to it and a webhook endpoint that
 * collects every delivered event.
 */
export async function startTestEmulator(options: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const { apiKey, maxNetworkRetries, ...emulatorOptions } = options
  const webhookSecret = generateWebhookSecret()
  const webhooks = await startWebhookReceiver(webhookSecret)
  let running: RunningEmulator
  try {
    running = await startEmulator({
      ...emulatorOptions,
      scheduler: emulatorOptions.scheduler ?? false,
      webhookEndpoints: [...(emulatorOptions.webhookEndpoints ?? []), { url: webhooks.url, secret: webhookSecret }],
    })
  } catch (error) {
    await webhooks.close()
    throw error
  }
  const emulator = running.emulator
  const emitted: Stripe.Event[] = []
  emulator.onEvent((event) => emitted.push(event))
  const stripe = stripeClientFor(running.url, { apiKey, maxNetworkRetries })
  const ofType = (events: Stripe.Event[], type?: string) => (type ? events.filter((e) => e.type === type) : events)
  return {
    url: running.url,
    stripe,
    emulator,
    running,
    webhooks,
    webhookSecret,
    deliveredEvents: (type) => ofType(webhooks.events(), type),
    emittedEvents: (type) => ofType([...emitted], type),
    webhooksIdle: (timeoutMs) => emulator.webhooks.idle(timeoutMs),
    async advanceClock(clock, to) {
      const frozenTime = to instanceof Date ? Math.floor(to.getTime() / 1000) : to
      const advanced = await stripe.testHelpers.testClocks.advance(clock, { frozen_time: frozenTime })
      await emulator.webhooks.idle()
      return advanced
    },
    async reset() {
      emulator.reset()
      emitted.length = 0
      webhooks.clear()
    },
    async close() {
      await running.close()
      await webhooks.close()
    },
  }
}
