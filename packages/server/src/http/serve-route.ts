import type { BillingContext } from '../billing-context.js'
import type { BillingAccount } from '../billing-options.js'
import { BillingError } from '../errors.js'
import { verifyWebhookEvent } from '../webhooks/verify-webhook-event.js'
import { assertSameOrigin } from './assert-same-origin.js'
import type { BillingRoute, RouteInput, SessionRoute } from './billing-route.js'
import { constantTimeEqual } from './constant-time-equal.js'
import { formRedirectTarget, isFormPost, settleSession } from './form-redirect.js'
import { parseFormFields, parseJsonObject, readBodyBytes } from './read-body.js'

export const noStore = { 'cache-control': 'private, no-store' }

/**
 * Answers a request with the route it names under `basePath`, applying the record's guards in one
 * order for every route: method, same-origin, then the body (streamed up to its limit), then who
 * is calling. Nothing is read before the origin check, and nothing past the limit.
 */
export async function serveRoute(
  ctx: BillingContext,
  routes: readonly BillingRoute[],
  req: Request,
): Promise<Response> {
  const pathname = new URL(req.url).pathname.replace(/\/+$/, '')
  const path = pathname.startsWith(`${ctx.basePath}/`) ? pathname.slice(ctx.basePath.length) : null
  const route = routes.find((r) => r.path === path)
  if (!route) throw new BillingError('not_found', 'No such billing route.')
  if (route.auth === 'cron-secret' && !ctx.options.cronSecret) {
    throw new BillingError('not_found', 'No such billing route.')
  }
  if (!(route.methods as readonly string[]).includes(req.method)) {
    throw new BillingError('method_not_allowed', `Use ${route.methods.join(' or ')} for ${route.path}.`, {
      allow: route.methods.join(', '),
    })
  }
  if (route.sameOrigin) assertSameOrigin(req, ctx.origins(req))
  const limit = typeof route.bodyLimit === 'function' ? route.bodyLimit(ctx) : route.bodyLimit
  const body = limit > 0 ? await readBodyBytes(req, limit) : new Uint8Array(0)
  const input: RouteInput = { ctx, req, body }
  switch (route.auth) {
    case 'stripe-signature': {
      const event = await verifyWebhookEvent(ctx, body, req.headers.get('stripe-signature'))
      return route.handle({ ...input, event })
    }
    case 'cron-secret': {
      const given = /^Bearer (.+)$/.exec(req.headers.get('authorization') ?? '')?.[1] ?? ''
      if (!constantTimeEqual(given, ctx.options.cronSecret ?? '')) {
        throw new BillingError('unauthenticated', 'A valid cron secret is required.')
      }
      return route.handle(input)
    }
    default:
      return route.answers === 'session-url'
        ? serveSessionRoute(route, input)
        : route.handle({ ...input, account: await requireAccount(ctx, req) })
  }
}

/** The signed-in account of a request, or a 401 `BillingError`. */
export async function requireAccount(ctx: BillingContext, req: Request): Promise<BillingAccount> {
  const account = await ctx.options.getAccount(req)
  if (!account) throw new BillingError('unauthenticated', 'Sign in to manage billing.')
  return account
}

/** JSON answers `{ url }`; a plain HTML form a 303 to it, or back to the form with `billing_error`. */
async function serveSessionRoute(route: SessionRoute, input: RouteInput): Promise<Response> {
  const { ctx, req, body } = input
  if (!isFormPost(req)) {
    const fields = parseJsonObject(body)
    const account = await requireAccount(ctx, req)
    return Response.json(await route.handle({ ...input, account, fields }), { headers: noStore })
  }
  const fields = await parseFormFields(body, req.headers.get('content-type') ?? '')
  const outcome = await settleSession(async () =>
    route.handle({ ...input, account: await requireAccount(ctx, req), fields }),
  )
  const location = formRedirectTarget(outcome, fields.returnPath || undefined, ctx.returnUrl, ctx.origins(req))
  return new Response(null, { status: 303, headers: { location, ...noStore } })
}
