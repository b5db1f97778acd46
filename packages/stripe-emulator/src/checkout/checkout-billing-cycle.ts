import type Stripe from 'stripe'
import { trialEndOf } from '../billing/draft-subscription.js'
import { firstBillingCycle, stubShare } from '../billing/first-billing-cycle.js'
import type { Params } from '../http/params.js'
import type { CheckoutLineItem, CheckoutSessionPlan } from './checkout-session.js'

/**
 * `subscription_data[billing_cycle_anchor]` and `[proration_behavior]` of a Checkout Session, checked as
 * `subscriptions.create` checks them (against the trial the session gives), and the share of each item's price
 * due today: the stretch up to the anchor as a share of the whole period ending there, or nothing when it is free
 * or follows a trial. Undefined without an anchor.
 */
export function readCheckoutBillingCycle(
  subscriptionData: Params | undefined,
  at: { now: number; trial: { trialEnd?: number; trialPeriodDays?: number }; lineItems: CheckoutLineItem[] },
): CheckoutSessionPlan['billingCycle'] {
  const anchor = subscriptionData?.integer('billing_cycle_anchor')
  const prorationBehavior = subscriptionData?.enum('proration_behavior', ['create_prorations', 'none'] as const)
  if (anchor === undefined) return undefined
  const recurring = at.lineItems.find((item) => item.price?.recurring)?.price?.recurring as Stripe.Price.Recurring
  const trialEnd = trialEndOf(at.trial, at.now)
  const cycle = firstBillingCycle(
    { billingCycleAnchor: anchor, ...(prorationBehavior ? { prorationBehavior } : {}) },
    { now: at.now, trialEnd, recurring },
    'subscription_data[billing_cycle_anchor]',
  )
  const stub = trialEnd === undefined ? cycle.stub : null
  return {
    anchor,
    ...(prorationBehavior ? { prorationBehavior } : {}),
    shareDueToday: stub && !stub.free ? stubShare(stub, recurring) : 0,
  }
}

/**
 * What a session's item costs today: a one-time price its subtotal; a recurring one nothing in a trial, its share of
 * the stretch to an anchor, else its subtotal.
 */
export function amountDueToday(
  plan: {
    trialPeriodDays?: number | undefined
    trialEnd?: number | undefined
    billingCycle?: CheckoutSessionPlan['billingCycle']
  },
  item: CheckoutLineItem,
): number {
  if (!item.price?.recurring) return item.amount_subtotal
  if (plan.trialPeriodDays !== undefined || plan.trialEnd !== undefined) return 0
  if (plan.billingCycle) return Math.round(item.amount_subtotal * plan.billingCycle.shareDueToday)
  return item.amount_subtotal
}
