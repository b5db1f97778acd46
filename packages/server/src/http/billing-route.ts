import type Stripe from 'stripe'
import type { BillingContext } from '../billing-context.js'
import type { BillingAccount } from '../billing-options.js'

export type RouteMethod = 'GET' | 'HEAD' | 'POST'

/**
 * Who may call a route, checked before its handler runs: the signed-in account (`getAccount`),
 * the cron bearer secret (the route is 404 without one configured), or a Stripe signature over
 * the raw body.
 */
export type RouteAuth = 'account' | 'cron-secret' | 'stripe-signature'

/** What a handler receives once the record's guards passed. */
export interface RouteInput {
  ctx: BillingContext
  req: Request
  /** The raw body, read up to `bodyLimit` bytes (empty when the limit is 0). */
  body: Uint8Array<ArrayBuffer>
}

export interface RoutePrincipals {
  account: { account: BillingAccount }
  'cron-secret': Record<never, never>
  'stripe-signature': { event: Stripe.Event }
}

interface RouteGuards<A extends RouteAuth> {
  /** Below `basePath`, e.g. `/status`. */
  path: string
  methods: readonly RouteMethod[]
  /** Refuse cross-site browser requests (Origin, Sec-Fetch-Site) before reading anything. */
  sameOrigin: boolean
  auth: A
  /** Largest body read, streamed (413 past it); 0 reads none. */
  bodyLimit: number | ((ctx: BillingContext) => number)
}

/** A route that answers with its own `Response`. */
export interface ResponseRoute<A extends RouteAuth = RouteAuth> extends RouteGuards<A> {
  answers: 'response'
  handle(input: RouteInput & RoutePrincipals[A]): Promise<Response>
}

/**
 * A route that opens a Stripe page (portal, Checkout) from a JSON body or a plain HTML form: JSON
 * gets `{ url }`, a form a 303 to the URL, or back to its return path with `billing_error`.
 */
export interface SessionRoute extends RouteGuards<'account'> {
  answers: 'session-url'
  handle(input: RouteInput & RoutePrincipals['account'] & { fields: Record<string, unknown> }): Promise<{ url: string }>
}

export type BillingRoute =
  | ResponseRoute<'account'>
  | ResponseRoute<'cron-secret'>
  | ResponseRoute<'stripe-signature'>
  | SessionRoute

export const jsonBodyLimit = 16 * 1024
