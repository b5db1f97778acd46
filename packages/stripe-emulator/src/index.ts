export type { EmulatorSettings } from './emulator.js'
export { defaultSettings, Emulator } from './emulator.js'
export type { ChaosSettings } from './events/chaos-settings.js'
export { defaultChaos } from './events/chaos-settings.js'
export type {
  WebhookDelivery,
  WebhookDeliverySettings,
  WebhookEndpointConfig,
} from './events/webhook-dispatcher.js'
export { defaultWebhookDeliverySettings, WebhookIdleTimeoutError } from './events/webhook-dispatcher.js'
export { generateWebhookSecret, signWebhookPayload } from './events/webhook-signature.js'
export { StateFileError } from './server/state-file.js'
export type { EmulatorOptions, RunningEmulator } from './start-emulator.js'
export { startEmulator } from './start-emulator.js'
export type { EmulatorState, ListPageRequest, StoredObject } from './state/emulator-state.js'
export type { LinkName } from './state/object-links.js'
