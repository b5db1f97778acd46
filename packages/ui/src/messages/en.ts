import { enActionMessages } from './en-action-messages.js'
import { enStatusMessages } from './en-status-messages.js'

/** Every word the kit renders. `{name}` placeholders are filled in by the components. */
export interface BillingMessages {
  manageBilling: string
  openingPortal: string
  retry: string
  viewPlans: string
  portalFailed: string
  errorNoBillingAccount: string
  errorUnauthenticated: string
  errorForbidden: string
  errorRateLimited: string
  errorUnavailable: string
  paymentFailedTitle: string
  actionRequiredTitle: string
  graceUntil: string
  readOnly: string
  updatePaymentMethod: string
  addPaymentMethod: string
  confirmPayment: string
  subscription: string
  noSubscription: string
  noSubscriptionDescription: string
  loadingSubscription: string
  loadFailed: string
  renewsOn: string
  cancelsOn: string
  trialEndsOn: string
  endedOn: string
  paymentFailed: string
  paymentNeedsConfirmation: string
  pausedDescription: string
  keepSubscription: string
  changePlan: string
  cancelSubscription: string
  pricePerDay: string
  pricePerWeek: string
  pricePerMonth: string
  pricePerYear: string
  /** Quantity and unit price under the period's total: "12 × €192.00". */
  quantity: string
  /** Instead of an amount, for tiered or metered prices. */
  priceUsage: string
  /** Read by screen readers before the struck-through price a discount lowers. */
  regularPrice: string
  /** A discount without an end: `{amount}` is "20%" or "$5.00". */
  discountOff: string
  /** A discount that ends on `{date}`. */
  discountOffUntil: string
  /** A discount that applies once, to the next payment. */
  discountOffNextPayment: string
  /** A coupon's name before its terms: "Welcome: 20% off until March 2, 2027". */
  discountNamed: string
  statusActive: string
  statusTrialing: string
  statusTrialEnding: string
  statusCanceling: string
  statusPastDue: string
  statusUnpaid: string
  statusIncomplete: string
  statusCanceled: string
  statusExpired: string
  statusPaused: string
  syncing: string
  syncSlow: string
  subscribe: string
  openingCheckout: string
  checkoutFailed: string
  returnFailed: string
  errorAlreadySubscribed: string
}

export const en: BillingMessages = { ...enActionMessages, ...enStatusMessages }
