export type {
  BillingStore,
  BillingStoreWriter,
  CustomerRecord,
  InvoiceVersion,
  SubscriptionRecord,
  SubscriptionVersion,
  SyncSlot,
  UpsertCounts,
  WebhookEventClaim,
} from './stores/billing-store.js'
export type { Migration } from './stores/migrations.js'
export { migrations } from './stores/migrations.js'
export type { PgliteStoreOptions } from './stores/pglite-store.js'
export { pgliteStore } from './stores/pglite-store.js'
export type { PostgresStoreOptions } from './stores/postgres-store.js'
export { postgresStore } from './stores/postgres-store.js'
