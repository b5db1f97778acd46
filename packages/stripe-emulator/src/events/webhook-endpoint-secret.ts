import type { EmulatorState } from '../state/emulator-state.js'

interface EndpointHidden {
  secret?: string
}

/** Endpoint secrets live in hidden fields: Stripe returns them once, at creation, and never again. */
export function setWebhookEndpointSecret(state: EmulatorState, endpointId: string, secret: string): void {
  state.hidden<EndpointHidden & Record<string, unknown>>(endpointId).secret = secret
}

export function webhookEndpointSecret(state: EmulatorState, endpointId: string): string | undefined {
  return state.hidden<EndpointHidden & Record<string, unknown>>(endpointId).secret
}
