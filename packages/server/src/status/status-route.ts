import type { BillingStatus } from '@portal-kit/core'
import { withStore } from '../errors.js'
import type { ResponseRoute } from '../http/billing-route.js'
import { noStore } from '../http/serve-route.js'
import { getBillingStatus } from './get-billing-status.js'
import { statusVersions } from './status-versions.js'

/** `GET|HEAD /status`: the signed-in account's `BillingStatus`, private, with an ETag (304 when it matches). */
export const statusRoute: ResponseRoute<'account'> = {
  path: '/status',
  methods: ['GET', 'HEAD'],
  sameOrigin: false,
  auth: 'account',
  bodyLimit: 0,
  answers: 'response',
  async handle({ ctx, req, account }) {
    const conditional = req.headers.get('if-none-match')
    const known = conditional ? statusVersions(ctx).get(account.id) : undefined
    if (known && Date.now() < known.validUntil && etagMatches(conditional, `"${known.version}"`)) {
      // A cheap version check: one indexed read of row versions instead of building the status.
      await ctx.ready()
      const revision = await withStore(() => ctx.store.statusRevision(account.id))
      if (revision === known.revision) return new Response(null, { status: 304, headers: statusHeaders(known.version) })
    }
    return statusResponse(req, await getBillingStatus(ctx, account.id))
  },
}

/** A status answer honouring `If-None-Match` and `HEAD`; also what `/sync` answers with. */
export function statusResponse(req: Request, status: BillingStatus): Response {
  const headers = statusHeaders(status.version)
  if (etagMatches(req.headers.get('if-none-match'), headers.etag)) {
    return new Response(null, { status: 304, headers })
  }
  if (req.method === 'HEAD') return new Response(null, { status: 200, headers })
  return Response.json(status, { headers })
}

function statusHeaders(version: string) {
  return { ...noStore, etag: `"${version}"`, vary: 'Cookie, Authorization' }
}

function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  return ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag) ?? false
}
