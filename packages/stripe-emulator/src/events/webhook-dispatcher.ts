import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'

export interface WebhookEndpointConfig {
  url: string
  secret: string
  /** Event types to send; omitted or `['*']` means all. */
  enabledEvents?: string[]
}

export interface WebhookDelivery {
  eventId: string
  eventType: string
  url: string
  attempt: number
  status: number | null
  error: string | null
  at: string
}

/**
 * Signs and POSTs every event to every endpoint (configured at start, or created through
 * `/v1/webhook_endpoints`), retrying non-2xx answers with backoff, with optional chaos.
 */
export class WebhookDispatcher {
  constructor(
    private readonly emulator: Emulator,
    private readonly configured: WebhookEndpointConfig[],
  ) {}

  endpointCount(_eventType: string): number {
    return this.configured.length
  }

  enqueue(_event: Stripe.Event): void {}

  deliveries(): WebhookDelivery[] {
    return []
  }

  /** Resolves once nothing is queued or in flight (used by tests and `/_emulator/webhooks/flush`). */
  async idle(): Promise<void> {}

  async close(): Promise<void> {}
}
