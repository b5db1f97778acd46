import { type BillingErrorCode, billingErrorStatus } from '@portal-kit/core'
import type { BillingLogger } from './billing-options.js'

/** An error the handlers answer with `{ error: { code, message } }` and the code's HTTP status. */
export class BillingError extends Error {
  readonly status: number

  constructor(
    readonly code: BillingErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    /** The failure underneath (a store or Stripe error); logged once, never sent to the client. */
    options: { cause?: unknown } = {},
  ) {
    super(message, options)
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
    return new BillingError(
      'stripe_unavailable',
      'Stripe could not be reached or failed. Try again.',
      {},
      { cause: error },
    )
  }
  return new BillingError('store_unavailable', 'The billing database is unavailable. Try again.', {}, { cause: error })
}

const logged = new WeakSet<BillingError>()

/**
 * Logs why a request failed (the store or Stripe error under a 5xx, or a missing setting), once
 * per failure however many layers rethrow it, with secrets masked.
 */
export function logFailure(logger: BillingLogger, error: unknown): void {
  if (!(error instanceof BillingError) || error.status < 500 || logged.has(error)) return
  logged.add(error)
  const cause = error.cause
  logger.error(`${error.code}: ${error.message}`, cause === undefined ? undefined : { cause: describeCause(cause) })
}

export function describeCause(cause: unknown): Record<string, unknown> {
  const e = cause as { name?: unknown; code?: unknown; message?: unknown }
  return {
    name: typeof e?.name === 'string' ? e.name : typeof cause,
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    message: maskSecrets(typeof e?.message === 'string' ? e.message : String(cause)),
  }
}

/** Stripe keys, webhook secrets and URL passwords never reach a log line. */
function maskSecrets(text: string): string {
  return text
    .replace(/\b(sk|rk|pk)_(live|test)_[A-Za-z0-9*]+/g, '$1_$2_***')
    .replace(/\bwhsec_[A-Za-z0-9]+/g, 'whsec_***')
    .replace(/(\/\/[^/\s:@]+:)[^@\s/]+@/g, '$1***@')
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
