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

export const en: BillingMessages = {
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
  paymentFailedTitle: 'Your last payment failed.',
  actionRequiredTitle: 'Your bank needs you to confirm your last payment.',
  graceUntil: 'You keep full access until {date}.',
  readOnly: 'Your account is read-only until your payment method is updated.',
  updatePaymentMethod: 'Update payment method',
  addPaymentMethod: 'Add payment method',
  confirmPayment: 'Confirm your payment',
  subscription: 'Subscription',
  noSubscription: 'No active subscription',
  noSubscriptionDescription: 'Choose a plan to get started.',
  loadingSubscription: 'Loading your subscription...',
  loadFailed: 'We couldn’t load your subscription.',
  renewsOn: 'Renews on {date}',
  cancelsOn: 'Cancels on {date}',
  trialEndsOn: 'Trial ends on {date}',
  endedOn: 'Ended on {date}',
  paymentFailed: 'Payment failed',
  paymentNeedsConfirmation: 'Payment needs your confirmation',
  pausedDescription: 'Your subscription is paused.',
  keepSubscription: 'Keep subscription',
  changePlan: 'Change plan',
  cancelSubscription: 'Cancel subscription',
  pricePerDay: '{price} per day',
  pricePerWeek: '{price} per week',
  pricePerMonth: '{price} per month',
  pricePerYear: '{price} per year',
  quantity: '{quantity} × {price}',
  priceUsage: 'Price varies with usage',
  statusActive: 'Active',
  statusTrialing: 'Trial',
  statusTrialEnding: 'Trial ending',
  statusCanceling: 'Canceling',
  statusPastDue: 'Past due',
  statusUnpaid: 'Unpaid',
  statusIncomplete: 'Incomplete',
  statusCanceled: 'Canceled',
  statusExpired: 'Expired',
  statusPaused: 'Paused',
  syncing: 'Updating your account...',
  syncSlow: 'This is taking longer than usual. Your changes are saved and will appear shortly.',
  subscribe: 'Subscribe',
  openingCheckout: 'Opening checkout...',
  checkoutFailed: 'We couldn’t start checkout.',
  returnFailed: 'That didn’t work.',
  errorAlreadySubscribed: 'You already have a subscription. Change plans from Manage billing.',
}
