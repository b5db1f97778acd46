/**
 * Every error code the server answers with, and its HTTP status. The UI maps codes to words;
 * the server never invents codes outside this list.
 */
export const billingErrorStatus = {
  invalid_request: 400,
  invalid_signature: 400,
  unauthenticated: 401,
  forbidden: 403,
  cross_site_request: 403,
  invalid_return_url: 403,
  foreign_subscription: 403,
  no_billing_account: 404,
  not_found: 404,
  method_not_allowed: 405,
  already_subscribed: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  /** A setting the route needs (a Stripe key, the webhook secret) is missing; the message names it. */
  not_configured: 500,
  stripe_unavailable: 502,
  store_unavailable: 503,
} as const

export type BillingErrorCode = keyof typeof billingErrorStatus

/** The JSON body of every error response: `{ error: { code, message } }`. */
export interface BillingErrorBody {
  error: { code: BillingErrorCode; message: string }
}

export function isBillingErrorCode(value: unknown): value is BillingErrorCode {
  return typeof value === 'string' && Object.hasOwn(billingErrorStatus, value)
}

/** Reads a `BillingErrorBody` from parsed JSON, or returns null when it is not one. */
export function parseBillingError(body: unknown): BillingErrorBody['error'] | null {
  if (typeof body !== 'object' || body === null) return null
  const error = (body as { error?: unknown }).error
  if (typeof error !== 'object' || error === null) return null
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (!isBillingErrorCode(code) || typeof message !== 'string') return null
  return { code, message }
}
