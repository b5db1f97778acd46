import type { Billing, BillingApi } from './billing-api.js'
import { type BillingContext, createBillingContext } from './billing-context.js'
import type { BillingOptions } from './billing-options.js'
import { checkoutRoute } from './checkout/checkout-route.js'
import { createCheckoutSession } from './checkout/create-checkout-session.js'
import { BillingError, errorResponse, logFailure } from './errors.js'
import type { BillingRoute } from './http/billing-route.js'
import { readBodyBytes } from './http/read-body.js'
import { requireAccount, serveRoute } from './http/serve-route.js'
import { createPortalSession } from './portal/create-portal-session.js'
import { ensureCustomer } from './portal/ensure-customer.js'
import { portalRoute } from './portal/portal-route.js'
import { cronRoute } from './reconcile/cron-route.js'
import { reconcile } from './reconcile/reconcile.js'
import { getBillingStatus } from './status/get-billing-status.js'
import { statusRoute } from './status/status-route.js'
import { getStatusOnReturn } from './sync/status-on-return.js'
import { syncCustomer } from './sync/sync-customer.js'
import { syncRoute } from './sync/sync-route.js'
import { processWebhookEvent } from './webhooks/handle-webhook.js'
import { pruneWebhookEvents } from './webhooks/prune-webhook-events.js'
import { verifyWebhookEvent } from './webhooks/verify-webhook-event.js'
import { webhookRoute } from './webhooks/webhook-route.js'

export type { Billing, BillingApi } from './billing-api.js'

/** Every route under `basePath`; each record carries its own guards (see `serveRoute`). */
const routes: readonly BillingRoute[] = [portalRoute, checkoutRoute, webhookRoute, statusRoute, syncRoute, cronRoute]

/** Creates the billing handlers and server API for an app. Nothing connects until the first request. */
export function createBilling(options: BillingOptions): Billing {
  const ctx = createBillingContext(options)
  const api: BillingApi = logFailures(ctx, {
    getStatus: (accountId, options) =>
      options ? getStatusOnReturn(ctx, accountId, options) : getBillingStatus(ctx, accountId),
    getAccess: async (accountId) => (await getBillingStatus(ctx, accountId)).access,
    async requireAccess(accountId, allowed = ['full', 'grace']) {
      const status = await getBillingStatus(ctx, accountId)
      if (!allowed.includes(status.access)) {
        throw new BillingError('forbidden', 'This account does not have access. Update billing to continue.')
      }
      return status
    },
    createPortalSession: async (req, input = {}) =>
      createPortalSession(ctx, req, await requireAccount(ctx, req), input),
    createCheckoutSession: async (req, input) => createCheckoutSession(ctx, req, await requireAccount(ctx, req), input),
    ensureCustomer: (account) => ensureCustomer(ctx, account),
    syncCustomer: (customerId) => syncCustomer(ctx, customerId),
    reconcile: () => reconcile(ctx),
    pruneWebhookEvents: (prune) => pruneWebhookEvents(ctx, prune),
    handleWebhook: async (req) => {
      const body = await readBodyBytes(req, ctx.maxWebhookBytes)
      return processWebhookEvent(ctx, await verifyWebhookEvent(ctx, body, req.headers.get('stripe-signature')))
    },
  })

  const handler = async (req: Request): Promise<Response> => {
    try {
      return await serveRoute(ctx, routes, req)
    } catch (error) {
      if (error instanceof BillingError) {
        logFailure(ctx.logger, error)
        return errorResponse(error)
      }
      ctx.logger.error('unexpected error in billing handler', {
        error: error instanceof Error ? error.message : String(error),
      })
      return errorResponse(new BillingError('internal_error', 'Something went wrong. Try again.'))
    }
  }

  return { handler, api, options }
}

/** The API with every failure's cause logged once, for calls from server components and actions too. */
function logFailures(ctx: BillingContext, api: BillingApi): BillingApi {
  const logged = {} as Record<string, unknown>
  for (const [name, fn] of Object.entries(api) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    logged[name] = (...args: unknown[]) =>
      fn(...args).catch((error: unknown) => {
        logFailure(ctx.logger, error)
        throw error
      })
  }
  return logged as unknown as BillingApi
}
