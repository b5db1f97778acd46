import { jsonBodyLimit, type SessionRoute } from '../http/billing-route.js'
import { createPortalSession, parsePortalSessionRequest } from './create-portal-session.js'

/**
 * `POST /portal` `{ flow?, subscriptionId?, priceId?, returnPath? }`, as JSON or a plain HTML
 * form: a billing portal session for the signed-in account.
 */
export const portalRoute: SessionRoute = {
  path: '/portal',
  methods: ['POST'],
  sameOrigin: true,
  auth: 'account',
  bodyLimit: jsonBodyLimit,
  answers: 'session-url',
  handle: ({ ctx, req, account, fields }) => createPortalSession(ctx, req, account, parsePortalSessionRequest(fields)),
}
