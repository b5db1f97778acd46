import type { AccessLevel, BillingStatus } from '@portal-kit/core'
import type { BillingAccount, BillingOptions } from './billing-options.js'
import type { PortalSessionRequest } from './portal/create-portal-session.js'
import type { ReconcileReport } from './reconcile/reconcile.js'
import type { CustomerRecord, UpsertCounts } from './stores/billing-store.js'
import type { GetStatusOptions } from './sync/status-on-return.js'
import type { WebhookResult } from './webhooks/handle-webhook.js'
import type { PruneReport } from './webhooks/prune-webhook-events.js'

export interface BillingApi {
  /**
   * The account's status from the store. On the page the portal or Checkout returns to, pass the page's
   * `billing_return` query value as `billingReturn`: the account is then read from Stripe first (under
   * its sync slot, which the visit freed), so the page is right before the webhook lands.
   */
  getStatus(accountId: string, options?: GetStatusOptions): Promise<BillingStatus>
  getAccess(accountId: string): Promise<AccessLevel>
  /** The status when the account's access is one of `allowed` (default full or grace); a 403 `BillingError` otherwise. */
  requireAccess(accountId: string, allowed?: readonly AccessLevel[]): Promise<BillingStatus>
  /** A portal session for the request's signed-in account (the same checks as `POST /portal`). */
  createPortalSession(req: Request, input?: PortalSessionRequest): Promise<{ url: string }>
  createCheckoutSession(req: Request, input: { priceId: string }): Promise<{ url: string }>
  ensureCustomer(account: BillingAccount): Promise<CustomerRecord>
  /** Pulls a customer's subscriptions from Stripe now and stores them. */
  syncCustomer(customerId: string): Promise<UpsertCounts>
  reconcile(): Promise<ReconcileReport>
  /** Deletes processed webhook claims older than the retention window, in small batches. */
  pruneWebhookEvents(options?: { olderThanDays?: number }): Promise<PruneReport>
  /** Verifies and applies a webhook request; throws a `BillingError` for a bad signature or a failure. */
  handleWebhook(req: Request): Promise<WebhookResult>
}

export interface Billing {
  /** One catch-all under `basePath`: /portal /checkout /webhook /status /sync /cron/reconcile. */
  handler(req: Request): Promise<Response>
  api: BillingApi
  options: BillingOptions
}
