import type { BillingStatus, PortalFlow } from '@portal-kit/core'

/** The body of `POST {basePath}/portal`. */
export interface OpenPortalRequest {
  /** Deep link into one portal page; omitted opens the portal's home. */
  flow?: PortalFlow
  /** The subscription the flow acts on (required by the cancel and update flows). */
  subscriptionId?: string
  /** The price to switch to, for `subscription_update_confirm`. */
  priceId?: string
  /** Same-origin path the portal returns to; the server allow-lists it. */
  returnPath?: string
}

/** The body of `POST {basePath}/checkout`. */
export interface CheckoutRequest {
  /** The Stripe price to subscribe to; the server accepts only the plans it offers. */
  priceId: string
  /** Same-origin path Checkout returns to; the server allow-lists it. */
  returnPath?: string
}

export type StatusResponse = { notModified: false; status: BillingStatus; etag: string | null } | { notModified: true }

export interface TransportCallOptions {
  signal?: AbortSignal
}

/**
 * How the components reach `/api/billing/*`. `createFetchTransport` is the real one; tests and
 * stories pass their own to `BillingProvider`. Failures reject with a `BillingRequestError`.
 */
export interface BillingTransport {
  /** `GET {basePath}/status`; with `etag`, a 304 answers `{ notModified: true }`. */
  getStatus(options?: TransportCallOptions & { etag?: string | null }): Promise<StatusResponse>
  /** `POST {basePath}/portal`: creates a portal session and answers its URL. */
  openPortal(request: OpenPortalRequest, options?: TransportCallOptions): Promise<{ url: string }>
  /** `POST {basePath}/checkout`: creates a Stripe Checkout session for a price and answers its URL. */
  checkout(request: CheckoutRequest, options?: TransportCallOptions): Promise<{ url: string }>
  /**
   * `POST {basePath}/sync`: pulls the account's subscriptions from Stripe now. With `visitedAt`, the time a
   * return from the portal or Checkout began (`?billing_return=`), an account already synced since then is
   * answered as it is stored rather than refused by the sync rate limit.
   */
  sync(options?: TransportCallOptions & { visitedAt?: number | null }): Promise<BillingStatus>
}
