import type { BillingStatus, PortalFlow } from '@portal-kit/core'
import type { BillingMessages } from './messages/en.js'

/** One action the card offers: a portal deep link, or the link to the plans. */
export interface SubscriptionCardAction {
  /** Stable name, also the action's `data-action`. */
  id:
    | 'update-payment-method'
    | 'confirm-payment'
    | 'add-payment-method'
    | 'change-plan'
    | 'keep-subscription'
    | 'cancel-subscription'
    | 'manage-billing'
    | 'view-plans'
  /** `plans` links to the host's plans page; `portal` opens the customer portal. */
  type: 'portal' | 'plans'
  /** The message of its label. */
  label: keyof BillingMessages
  variant: 'primary' | 'outline' | 'ghost'
  flow?: Exclude<PortalFlow, 'subscription_update_confirm'>
  /** Set for deep links that act on this subscription. */
  subscriptionId?: string
}

export interface SubscriptionCardActionsOptions {
  /** A `PastDueBanner` on the page already offers the payment action: leave it out, say it once. */
  paymentActionElsewhere?: boolean
  /** Without a plans page, no "View plans" action. */
  hasPlans?: boolean
}

type ActionId = SubscriptionCardAction['id']

/**
 * The actions that fit a billing status, most important first. Pure, so a host that rebuilds the
 * card from its parts, or renders its own buttons, keeps the same decisions.
 */
export function subscriptionCardActions(
  status: BillingStatus | null | undefined,
  { paymentActionElsewhere = false, hasPlans = true }: SubscriptionCardActionsOptions = {},
): SubscriptionCardAction[] {
  if (!status) return []
  const subscription = status.subscription
  const notice = status.notice
  // Each id names its label's message: 'change-plan' -> changePlan. Deep links act on this subscription.
  const action = (
    id: ActionId,
    variant: SubscriptionCardAction['variant'],
    flow?: SubscriptionCardAction['flow'],
  ): SubscriptionCardAction => ({
    id,
    type: id === 'view-plans' ? 'plans' : 'portal',
    label: id.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()) as keyof BillingMessages,
    variant,
    ...(flow ? { flow, subscriptionId: subscription?.id } : {}),
  })
  const plans = hasPlans ? [action('view-plans', 'primary')] : []
  if (!subscription) return plans
  const manage = action('manage-billing', 'outline')
  const payment = 'payment_method_update'
  if (notice?.kind === 'payment_failed' || notice?.kind === 'action_required') {
    if (paymentActionElsewhere) return [manage]
    return [
      action(notice.kind === 'action_required' ? 'confirm-payment' : 'update-payment-method', 'primary', payment),
      manage,
    ]
  }
  if (notice?.kind === 'canceling') return [action('keep-subscription', 'primary'), manage]
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') return [...plans, manage]
  if (subscription.status !== 'active' && subscription.status !== 'trialing') return [manage]
  // A trial ending without a card on file: adding one comes first.
  const needsCard = notice?.kind === 'trial_ending' && notice.flow === payment
  return [
    ...(needsCard ? [action('add-payment-method', 'primary', payment)] : []),
    action('change-plan', needsCard ? 'outline' : 'primary', 'subscription_update'),
    manage,
    action('cancel-subscription', 'ghost', 'subscription_cancel'),
  ]
}
