/** How much of the product an account may use right now. */
export type AccessLevel = 'full' | 'grace' | 'read_only' | 'none'

/** Deep links into the Stripe customer portal (`flow_data.type`). */
export type PortalFlow =
  | 'payment_method_update'
  | 'subscription_cancel'
  | 'subscription_update'
  | 'subscription_update_confirm'

export type SubscriptionStatus =
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'unpaid'
  | 'canceled'
  | 'incomplete'
  | 'incomplete_expired'
  | 'paused'

export type BillingNoticeKind = 'payment_failed' | 'action_required' | 'canceling' | 'trial_ending' | 'ended'

export interface BillingPlan {
  priceId: string
  productId: string
  name: string | null
  /** In the currency's minor unit (cents), as Stripe reports it. */
  amount: number | null
  currency: string
  interval: string | null
}

export interface BillingSubscription {
  id: string
  status: SubscriptionStatus
  plan: BillingPlan
  quantity: number
  /** ISO time; read from the subscription items in current Stripe API versions. */
  currentPeriodEnd: string | null
  cancelAtPeriodEnd: boolean
  /** ISO time; the portal may set `cancel_at` instead of `cancel_at_period_end`. */
  cancelAt: string | null
  trialEnd: string | null
  pastDueSince: string | null
  /** The discounts that reduce the next renewal, in the order Stripe applies them. */
  discounts: BillingDiscount[]
  /**
   * What a period costs from the next renewal: `plan.amount` times `quantity`, less `discounts`, in the currency's
   * minor unit; null when the price follows usage.
   */
  periodAmount: number | null
}

/** A coupon or promotion code on the subscription. */
export interface BillingDiscount {
  id: string
  /** The coupon's name, as the customer saw it at checkout; null when it has none. */
  name: string | null
  percentOff: number | null
  /** In the plan currency's minor unit. */
  amountOff: number | null
  duration: 'once' | 'repeating' | 'forever'
  /** ISO time a `repeating` discount ends. */
  end: string | null
}

export interface BillingNotice {
  kind: BillingNoticeKind
  /** When the notice's situation ends: grace end, cancellation date, trial end or end date. */
  until: string | null
  /** The portal deep link that resolves the notice, if one does. */
  flow: PortalFlow | null
}

/** The billing state of one paying account: the only thing `@portal-kit/ui` and `@portal-kit/server` share. */
export interface BillingStatus {
  /** Changes whenever anything below changes; drives the ETag and the post-portal poller. */
  version: string
  /** ISO time of the last sync from Stripe. */
  syncedAt: string | null
  customer: { id: string } | null
  subscription: BillingSubscription | null
  access: AccessLevel
  graceUntil: string | null
  notice: BillingNotice | null
}

export const subscriptionStatuses: readonly SubscriptionStatus[] = [
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'paused',
]

export const portalFlows: readonly PortalFlow[] = [
  'payment_method_update',
  'subscription_cancel',
  'subscription_update',
  'subscription_update_confirm',
]
