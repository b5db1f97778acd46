export type { AccessGateProps } from './access-gate.js'
export { AccessGate } from './access-gate.js'
export type { BillingErrorNoticeProps } from './billing-error-notice.js'
export { BillingErrorNotice } from './billing-error-notice.js'
export type { BillingProviderProps } from './billing-provider.js'
export { BillingProvider } from './billing-provider.js'
export { billingQueryKeys } from './billing-query-keys.js'
export type { BillingClientErrorCode } from './billing-request-error.js'
export { BillingRequestError } from './billing-request-error.js'
export type { BillingSyncNoticeProps } from './billing-sync-notice.js'
export { BillingSyncNotice } from './billing-sync-notice.js'
export type {
  BillingTransport,
  CheckoutRequest,
  OpenPortalRequest,
  StatusResponse,
  TransportCallOptions,
} from './billing-transport.js'
export { buttonVariants } from './button-variants.js'
export type { CheckoutButtonProps } from './checkout-button.js'
export { CheckoutButton, checkoutButtonVariants } from './checkout-button.js'
export type { FetchTransportOptions } from './create-fetch-transport.js'
export { createFetchTransport } from './create-fetch-transport.js'
export type { ManageBillingButtonProps, ManageBillingFlowProps } from './manage-billing-button.js'
export { ManageBillingButton, manageBillingButtonVariants } from './manage-billing-button.js'
export type { BillingMessages } from './messages/en.js'
export { en } from './messages/en.js'
export { loadBillingMessages } from './messages/load-billing-messages.js'
export type { PastDueBannerProps } from './past-due-banner.js'
export { PastDueBanner, pastDueBannerVariants } from './past-due-banner.js'
export type { SubscriptionCardHeaderProps, SubscriptionCardProps } from './subscription-card.js'
export {
  SubscriptionCard,
  SubscriptionCardActions,
  SubscriptionCardDiscounts,
  SubscriptionCardHeader,
  SubscriptionCardPrice,
  SubscriptionCardStatus,
} from './subscription-card.js'
export type { SubscriptionCardAction, SubscriptionCardActionsOptions } from './subscription-card-actions.js'
export { subscriptionCardActions } from './subscription-card-actions.js'
export type { SubscriptionStatusBadgeProps } from './subscription-status-badge.js'
export { SubscriptionStatusBadge, subscriptionStatusBadgeVariants } from './subscription-status-badge.js'
export type { SubscriptionStatusCardProps } from './subscription-status-card.js'
export { SubscriptionStatusCard } from './subscription-status-card.js'
export type { UseBillingStatusResult } from './use-billing-status.js'
export { useBillingStatus } from './use-billing-status.js'
export type { BillingSyncState, UseBillingSyncOptions } from './use-billing-sync.js'
export { useBillingSync } from './use-billing-sync.js'
export type { CheckoutState, UseCheckoutOptions, UseCheckoutResult } from './use-checkout.js'
export { useCheckout } from './use-checkout.js'
export type { OpenPortalState, UseOpenPortalOptions, UseOpenPortalResult } from './use-open-portal.js'
export { useOpenPortal } from './use-open-portal.js'
