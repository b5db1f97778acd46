import type { AccessLevel, BillingStatus } from '@portal-kit/core'
import { type BillingContext, createBillingContext } from './billing-context.js'
import type { BillingAccount, BillingOptions } from './billing-options.js'
import { createCheckoutSession } from './checkout/create-checkout-session.js'
import { BillingError, errorResponse, logFailure, withStore } from './errors.js'
import { appOrigins } from './http/app-origins.js'
import { assertSameOrigin } from './http/assert-same-origin.js'
import { constantTimeEqual } from './http/constant-time-equal.js'
import { formPostResponse, isFormPost } from './http/form-redirect.js'
import { readJsonObject } from './http/read-body.js'
import {
  createPortalSession,
  type PortalSessionRequest,
  parsePortalSessionRequest,
} from './portal/create-portal-session.js'
import { ensureCustomer } from './portal/ensure-customer.js'
import { type ReconcileReport, reconcile } from './reconcile/reconcile.js'
import { getBillingStatus } from './status/get-billing-status.js'
import type { CustomerRecord, UpsertCounts } from './stores/billing-store.js'
import { syncCustomer } from './sync/sync-customer.js'
import { processWebhookEvent, type WebhookResult } from './webhooks/handle-webhook.js'
import { verifyWebhookEvent } from './webhooks/verify-webhook-event.js'

export interface BillingApi {
  getStatus(accountId: string): Promise<BillingStatus>
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
  /** Verifies and applies a webhook request; throws a `BillingError` for a bad signature or a failure. */
  handleWebhook(req: Request): Promise<WebhookResult>
}

export interface Billing {
  /** One catch-all under `basePath`: /portal /checkout /webhook /status /sync /cron/reconcile. */
  handler(req: Request): Promise<Response>
  api: BillingApi
  options: BillingOptions
}

/** Creates the billing handlers and server API for an app. Nothing connects until the first request. */
export function createBilling(options: BillingOptions): Billing {
  const ctx = createBillingContext(options)

  const requireAccount = async (req: Request): Promise<BillingAccount> => {
    const account = await options.getAccount(req)
    if (!account) throw new BillingError('unauthenticated', 'Sign in to manage billing.')
    return account
  }

  const api: BillingApi = logFailures(ctx, {
    getStatus: (accountId) => getBillingStatus(ctx, accountId),
    getAccess: async (accountId) => (await getBillingStatus(ctx, accountId)).access,
    async requireAccess(accountId, allowed = ['full', 'grace']) {
      const status = await getBillingStatus(ctx, accountId)
      if (!allowed.includes(status.access)) {
        throw new BillingError('forbidden', 'This account does not have access. Update billing to continue.')
      }
      return status
    },
    createPortalSession: async (req, input = {}) => createPortalSession(ctx, req, await requireAccount(req), input),
    createCheckoutSession: async (req, input) => createCheckoutSession(ctx, req, await requireAccount(req), input),
    ensureCustomer: (account) => ensureCustomer(ctx, account),
    syncCustomer: (customerId) => syncCustomer(ctx, customerId),
    reconcile: () => reconcile(ctx),
    handleWebhook: async (req) => processWebhookEvent(ctx, await verifyWebhookEvent(ctx, req)),
  })

  const handler = async (req: Request): Promise<Response> => {
    try {
      return await route(ctx, api, requireAccount, req)
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

const routes: Record<string, readonly string[]> = {
  '/portal': ['POST'],
  '/checkout': ['POST'],
  '/webhook': ['POST'],
  '/status': ['GET', 'HEAD'],
  '/sync': ['POST'],
  '/cron/reconcile': ['GET', 'POST'],
}

async function route(
  ctx: BillingContext,
  api: BillingApi,
  requireAccount: (req: Request) => Promise<BillingAccount>,
  req: Request,
): Promise<Response> {
  const pathname = new URL(req.url).pathname.replace(/\/+$/, '')
  const path = pathname.startsWith(`${ctx.basePath}/`) ? pathname.slice(ctx.basePath.length) : null
  const methods = path === null ? undefined : routes[path]
  if (!methods || path === null) throw new BillingError('not_found', 'No such billing route.')
  if (!methods.includes(req.method)) {
    throw new BillingError('method_not_allowed', `Use ${methods.join(' or ')} for ${path}.`, {
      allow: methods.join(', '),
    })
  }
  const origins = () => appOrigins(req, ctx.options.appUrl, ctx.options.allowedOrigins)

  switch (path) {
    case '/webhook': {
      const result = await api.handleWebhook(req)
      return Response.json({ received: true, duplicate: result.duplicate })
    }
    case '/status': {
      const account = await requireAccount(req)
      return statusResponse(req, await api.getStatus(account.id))
    }
    case '/portal': {
      assertSameOrigin(req, origins())
      if (isFormPost(req)) {
        return formPostResponse(req, origins()[0] as string, ctx.options.returnUrl, (fields) =>
          api.createPortalSession(req, parsePortalSessionRequest(fields)),
        )
      }
      const account = await requireAccount(req)
      const input = parsePortalSessionRequest(await readJsonObject(req))
      return Response.json(await createPortalSession(ctx, req, account, input), { headers: noStore })
    }
    case '/checkout': {
      assertSameOrigin(req, origins())
      if (isFormPost(req)) {
        return formPostResponse(req, origins()[0] as string, ctx.options.returnUrl, (fields) =>
          api.createCheckoutSession(req, { priceId: requirePriceId(fields.priceId) }),
        )
      }
      const account = await requireAccount(req)
      const body = await readJsonObject(req)
      return Response.json(await createCheckoutSession(ctx, req, account, { priceId: requirePriceId(body.priceId) }), {
        headers: noStore,
      })
    }
    case '/sync': {
      assertSameOrigin(req, origins())
      const account = await requireAccount(req)
      await ctx.ready()
      const customer = await withStore(() => ctx.store.findCustomerByAccount(account.id))
      if (customer) {
        const slot = await withStore(() =>
          ctx.store.claimSyncSlot(customer.customerId, ctx.options.syncIntervalSeconds ?? 10),
        )
        if (!slot.granted) {
          throw new BillingError('rate_limited', 'Billing was synced moments ago. Try again shortly.', {
            'retry-after': String(slot.retryAfterSeconds),
          })
        }
        await syncCustomer(ctx, customer.customerId)
      }
      return Response.json(await api.getStatus(account.id), { headers: noStore })
    }
    default: {
      const secret = ctx.options.cronSecret
      if (!secret) throw new BillingError('not_found', 'No such billing route.')
      const given = /^Bearer (.+)$/.exec(req.headers.get('authorization') ?? '')?.[1] ?? ''
      if (!constantTimeEqual(given, secret))
        throw new BillingError('unauthenticated', 'A valid cron secret is required.')
      return Response.json(await api.reconcile(), { headers: noStore })
    }
  }
}

const noStore = { 'cache-control': 'private, no-store' }

function requirePriceId(value: unknown): string {
  if (typeof value !== 'string' || !value) throw new BillingError('invalid_request', 'priceId is required.')
  return value
}

function statusResponse(req: Request, status: BillingStatus): Response {
  const etag = `"${status.version}"`
  const headers = { ...noStore, etag, vary: 'Cookie, Authorization' }
  const match = req.headers.get('if-none-match')
  if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return new Response(null, { status: 304, headers })
  }
  if (req.method === 'HEAD') return new Response(null, { status: 200, headers })
  return Response.json(status, { headers })
}
