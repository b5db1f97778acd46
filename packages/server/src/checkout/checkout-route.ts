import { BillingError } from '../errors.js'
import { jsonBodyLimit, type SessionRoute } from '../http/billing-route.js'
import { createCheckoutSession } from './create-checkout-session.js'

/** `POST /checkout` `{ priceId }`, as JSON or a plain HTML form: a Checkout session on the account's customer. */
export const checkoutRoute: SessionRoute = {
  path: '/checkout',
  methods: ['POST'],
  sameOrigin: true,
  auth: 'account',
  bodyLimit: jsonBodyLimit,
  answers: 'session-url',
  handle: ({ ctx, req, account, fields }) =>
    createCheckoutSession(ctx, req, account, { priceId: requirePriceId(fields.priceId) }),
}

function requirePriceId(value: unknown): string {
  if (typeof value !== 'string' || !value) throw new BillingError('invalid_request', 'priceId is required.')
  return value
}
