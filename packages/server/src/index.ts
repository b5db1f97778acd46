export type { Billing, BillingApi } from './billing-api.js'
export type {
  BillingAccount,
  BillingEventContext,
  BillingLogger,
  BillingOptions,
  BillingPlanOption,
} from './billing-options.js'
export type { CheckoutOffers } from './checkout/checkout-offers.js'
export { createBilling } from './create-billing.js'
export type { StripeClientOptions } from './create-stripe-client.js'
export { createStripeClient } from './create-stripe-client.js'
export { BillingError } from './errors.js'
export { toNextJsHandler } from './next/to-nextjs-handler.js'
export type { PortalSessionRequest } from './portal/create-portal-session.js'
export type { PortalFormActionHost } from './portal/portal-form-action.js'
export { createPortalFormAction } from './portal/portal-form-action.js'
export type { ReconcileReport } from './reconcile/reconcile.js'
export type {
  BillingStore,
  BillingStoreWriter,
  CustomerRecord,
  CustomerWrite,
  InvoiceVersion,
  PaymentRecord,
  SubscriptionRecord,
  SubscriptionVersion,
  SyncSlot,
  SyncSlotClaim,
  UpsertCounts,
  WebhookEventClaim,
  WebhookEventWrites,
} from './stores/billing-store.js'
export type { Migration } from './stores/migrations.js'
export { migrations } from './stores/migrations.js'
export type { BillingReturnMarker, GetStatusOptions } from './sync/status-on-return.js'
export { handledEventTypes } from './webhooks/apply-event-records.js'
export type { WebhookResult } from './webhooks/handle-webhook.js'
export type { PruneReport } from './webhooks/prune-webhook-events.js'
