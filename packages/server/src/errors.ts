import { type BillingErrorCode, billingErrorStatus } from '@portal-kit/core'

/** An error the handlers answer with `{ error: { code, message } }` and the code's HTTP status. */
export class BillingError extends Error {
  readonly status: number

  constructor(
    readonly code: BillingErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'BillingError'
    this.status = billingErrorStatus[code]
  }
}

export function errorResponse(error: BillingError): Response {
  return Response.json(
    { error: { code: error.code, message: error.message } },
    { status: error.status, headers: { 'cache-control': 'no-store', ...error.headers } },
  )
}

/**
 * Maps a failure from Stripe or the store to an honest 5xx without leaking details: Stripe's own
 * 4xx messages (bad parameters) pass through as 400, everything else is "unavailable".
 */
export function toBillingError(error: unknown, where: 'stripe' | 'store'): BillingError {
  if (error instanceof BillingError) return error
  if (where === 'stripe') {
    const e = error as { type?: string; statusCode?: number; message?: string }
    if (
      e.type === 'StripeInvalidRequestError' &&
      e.statusCode !== undefined &&
      e.statusCode < 500 &&
      e.statusCode !== 401
    ) {
      return new BillingError('invalid_request', `Stripe refused the request: ${e.message ?? 'invalid request'}`)
    }
    return new BillingError('stripe_unavailable', 'Stripe could not be reached or failed. Try again.')
  }
  return new BillingError('store_unavailable', 'The billing database is unavailable. Try again.')
}

/** Runs a store call; any failure becomes a 503 `store_unavailable`. */
export async function withStore<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw toBillingError(error, 'store')
  }
}

/** Runs a Stripe call; failures become 502 `stripe_unavailable` (or 400 for Stripe's own 4xx). */
export async function withStripe<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw toBillingError(error, 'stripe')
  }
}
