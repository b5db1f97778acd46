import {
  type CheckoutSessionPlan,
  checkoutSessionResponse,
  createCheckoutSession,
  expireCheckoutSession,
  requireCheckoutSession,
  type StoredCheckoutSession,
} from '../checkout/checkout-session.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { ApiRoute } from '../http/router.js'

export const checkoutSessionsRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions',
    handler: ({ params, emulator }) =>
      checkoutSessionResponse(emulator, createCheckoutSession(emulator, params), params.expand()),
  },
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions',
    handler: ({ params, emulator }) => {
      params.only([
        'customer',
        'customer_details',
        'status',
        'subscription',
        'payment_intent',
        'payment_link',
        'created',
        'limit',
        'starting_after',
        'ending_before',
      ])
      const customer = params.string('customer')
      const status = params.enum('status', ['open', 'complete', 'expired'] as const)
      const subscription = params.string('subscription')
      const details = params.object('customer_details')
      details?.only(['email'])
      const email = details?.requiredString('email')
      const created = createdFilter(params)
      // Touching each session applies lazy expiry before filtering by status.
      const all = emulator.state
        .list<StoredCheckoutSession>('checkout.session')
        .map((s) => requireCheckoutSession(emulator, s.id))
      const items = all.filter(
        (s) =>
          (customer === undefined || s.customer === customer) &&
          (status === undefined || s.status === status) &&
          (subscription === undefined || s.subscription === subscription) &&
          (email === undefined || s.customer_details?.email === email) &&
          !params.has('payment_intent') &&
          !params.has('payment_link') &&
          created(s),
      )
      return paginate(items, params, '/v1/checkout/sessions')
    },
  },
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions/:id',
    handler: ({ pathParams, params, emulator }) =>
      checkoutSessionResponse(emulator, requireCheckoutSession(emulator, pathParams.id as string), params.expand()),
  },
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['metadata'])
      const session = requireCheckoutSession(emulator, pathParams.id as string)
      const metadata = params.metadata('metadata', session.metadata ?? {})
      if (metadata) session.metadata = metadata
      return checkoutSessionResponse(emulator, session, params.expand())
    },
  },
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions/:id/expire',
    handler: ({ pathParams, params, emulator }) =>
      checkoutSessionResponse(
        emulator,
        expireCheckoutSession(emulator, requireCheckoutSession(emulator, pathParams.id as string)),
        params.expand(),
      ),
  },
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions/:id/line_items',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['limit', 'starting_after', 'ending_before'])
      const session = requireCheckoutSession(emulator, pathParams.id as string)
      const { lineItems } = emulator.state.hidden<CheckoutSessionPlan>(session.id)
      return paginate(lineItems, params, `/v1/checkout/sessions/${session.id}/line_items`)
    },
  },
]
