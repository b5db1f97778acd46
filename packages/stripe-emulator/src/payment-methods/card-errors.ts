import { StripeApiError } from '../http/stripe-api-error.js'

/** A 402 `card_error` as Stripe answers for a card problem (bad number, expired, declined). */
export function cardError(
  message: string,
  code: string,
  options: { param?: string; declineCode?: string } = {},
): StripeApiError {
  const extra: Record<string, unknown> = {}
  if (options.declineCode) extra.decline_code = options.declineCode
  return new StripeApiError(402, 'card_error', message, code, options.param, extra)
}

export function cardDeclinedError(declineCode = 'generic_decline'): StripeApiError {
  const message = declineCode === 'insufficient_funds' ? 'Your card has insufficient funds.' : 'Your card was declined.'
  return cardError(message, 'card_declined', { declineCode })
}
