export type { BillingErrorBody, BillingErrorCode } from './billing-error.js'
export { billingErrorStatus, isBillingErrorCode, parseBillingError } from './billing-error.js'
export { billingReturnParam, parseBillingReturnTime, syncVisitedAtParam } from './billing-return.js'
export type {
  AccessLevel,
  BillingDiscount,
  BillingNotice,
  BillingNoticeKind,
  BillingPlan,
  BillingStatus,
  BillingSubscription,
  PortalFlow,
  SubscriptionStatus,
} from './billing-status.js'
export { portalFlows, subscriptionStatuses } from './billing-status.js'
export type { BillingPolicy, BillingStatusInput } from './derive-billing-status.js'
export { defaultGraceDays, defaultTrialEndingDays, deriveBillingStatus } from './derive-billing-status.js'
export { hashBillingStatus } from './hash-billing-status.js'
export { selectPrimarySubscription } from './select-primary-subscription.js'
export type {
  StripeCouponLike,
  StripeDiscountLike,
  StripePriceLike,
  StripeSubscriptionItemLike,
  StripeSubscriptionLike,
} from './stripe-subscription-like.js'
