import type { BillingStatus } from '@portal-kit/core'
import type { ResponseRoute } from '../http/billing-route.js'
import { noStore } from '../http/serve-route.js'
import { getBillingStatus } from './get-billing-status.js'

/** `GET|HEAD /status`: the signed-in account's `BillingStatus`, private, with an ETag (304 when it matches). */
export const statusRoute: ResponseRoute<'account'> = {
  path: '/status',
  methods: ['GET', 'HEAD'],
  sameOrigin: false,
  auth: 'account',
  bodyLimit: 0,
  answers: 'response',
  async handle({ ctx, req, account }) {
    return statusResponse(req, await getBillingStatus(ctx, account.id))
  },
}

/** A status answer honouring `If-None-Match` and `HEAD`; also what `/sync` answers with. */
export function statusResponse(req: Request, status: BillingStatus): Response {
  const etag = `"${status.version}"`
  const headers = { ...noStore, etag, vary: 'Cookie, Authorization' }
  const match = req.headers.get('if-none-match')
  if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return new Response(null, { status: 304, headers })
  }
  if (req.method === 'HEAD') return new Response(null, { status: 200, headers })
  return Response.json(status, { headers })
}
