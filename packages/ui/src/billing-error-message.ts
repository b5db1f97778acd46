import type { BillingMessages } from './messages/en.js'

const messageKeys: Readonly<Record<string, keyof BillingMessages>> = {
  no_billing_account: 'errorNoBillingAccount',
  unauthenticated: 'errorUnauthenticated',
  forbidden: 'errorForbidden',
  foreign_subscription: 'errorForbidden',
  cross_site_request: 'errorForbidden',
  invalid_return_url: 'errorForbidden',
  rate_limited: 'errorRateLimited',
  already_subscribed: 'errorAlreadySubscribed',
}

/**
 * The message that explains a billing error code. Takes any string because `?billing_error=` comes
 * from the URL and a newer server may send codes this version does not know: those read as unavailable.
 */
export function billingErrorMessageKey(code: string): keyof BillingMessages {
  return Object.hasOwn(messageKeys, code) ? (messageKeys[code] as keyof BillingMessages) : 'errorUnavailable'
}
