import type { BillingMessages } from './en.js'

/**
 * The English words of the kit's actions (the buttons, their errors, BillingErrorNotice): the
 * provider's own fallback, so a page with only a button ships no other English.
 */
export const enActionMessages = {
  manageBilling: 'Manage billing',
  openingPortal: 'Opening billing portal...',
  retry: 'Try again',
  viewPlans: 'View plans',
  portalFailed: 'We couldn’t open the billing portal.',
  errorNoBillingAccount: 'You don’t have a billing account yet.',
  errorUnauthenticated: 'Your session has ended. Sign in again to manage billing.',
  errorForbidden: 'You don’t have permission to manage this subscription.',
  errorRateLimited: 'Too many attempts. Wait a moment, then try again.',
  errorUnavailable: 'Billing is unavailable right now.',
  subscribe: 'Subscribe',
  openingCheckout: 'Opening checkout...',
  checkoutFailed: 'We couldn’t start checkout.',
  returnFailed: 'That didn’t work.',
  errorAlreadySubscribed: 'You already have a subscription. Change plans from Manage billing.',
} satisfies Partial<BillingMessages>
