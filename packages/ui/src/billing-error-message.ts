import type { BillingMessages } from './messages/en.js'

/**
 * The message that explains a billing error code. Takes any string because `?billing_error=` comes
 * from the URL and a newer server may send codes this version does not know: those read as unavailable.
 */
export function billingErrorMessageKey(code: string): keyof BillingMessages {
  switch (code) {
    case 'no_billing_account':
      return 'errorNoBillingAccount'
    case 'unauthenticated':
      return 'errorUnauthenticated'
    case 'forbidden':
    case 'foreign_subscription':
    case 'cross_site_request':
    case 'invalid_return_url':
      return 'errorForbidden'
    case 'rate_limited':
      return 'errorRateLimited'
    case 'already_subscribed':
      return 'errorAlreadySubscribed'
    default:
      return 'errorUnavailable'
  }
}
