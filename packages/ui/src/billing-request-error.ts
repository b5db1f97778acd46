import type { BillingErrorCode } from '@portal-kit/core'

/** Server codes plus the two failures that never reach a server answer. */
export type BillingClientErrorCode = BillingErrorCode | 'network_error' | 'invalid_response'

/** A failed call to the billing endpoints, carrying the server's error code for the UI to put into words. */
export class BillingRequestError extends Error {
  readonly code: BillingClientErrorCode
  /** The HTTP status, or null when no response arrived. */
  readonly status: number | null

  constructor(code: BillingClientErrorCode, message: string, status: number | null = null) {
    super(message)
    this.name = 'BillingRequestError'
    this.code = code
    this.status = status
  }
}

export function toBillingRequestError(error: unknown): BillingRequestError {
  if (error instanceof BillingRequestError) return error
  return new BillingRequestError('network_error', error instanceof Error ? error.message : String(error))
}
