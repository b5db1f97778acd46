/** An error in Stripe's wire shape: `{ error: { type, code, message, param } }` with its HTTP status. */
export type StripeErrorType =
  | 'invalid_request_error'
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'authentication_error'
  | 'rate_limit_error'

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }

  toJSON(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { type: this.type, message: this.message, ...this.extra }
    if (this.code) error.code = this.code
    if (this.param) error.param = this.param
    return { error }
  }
}

/** A 400 invalid_request_error; `code: null` for the errors Stripe sends without one (a bad boolean or enum value). */
export function invalidRequest(
  message: string,
  param?: string,
  code: string | null = 'parameter_invalid',
): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, code ?? undefined, param)
}

export function missingParam(param: string): StripeApiError {
  return new StripeApiError(
    400,
    'invalid_request_error',
    `Missing required param: ${param}.`,
    'parameter_missing',
    param,
  )
}

export function unknownParam(param: string): StripeApiError {
  return new StripeApiError(
    400,
    'invalid_request_error',
    `Received unknown parameter: ${param}`,
    'parameter_unknown',
    param,
  )
}

export function noSuchResource(kind: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', param)
}

export function cardDeclined(message = 'Your card was declined.', declineCode = 'generic_decline'): StripeApiError {
  return new StripeApiError(402, 'card_error', message, 'card_declined', undefined, { decline_code: declineCode })
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  )
}
