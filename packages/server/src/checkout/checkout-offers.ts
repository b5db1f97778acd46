import type Stripe from 'stripe'
import type { BillingOptions, BillingPlanOption } from '../billing-options.js'

/** What `checkout` may offer besides the plan: a free trial and Checkout's promotion code field. */
export interface CheckoutOffers {
  /**
   * Free days (a whole number, 1–730, as Stripe allows) on an account's first subscription. An account that
   * ever had one, ended or not, starts paid: a trial is offered once. Off by default.
   */
  trialDays?: number
  /** Show Checkout's promotion code field (codes made in the Stripe dashboard or API). Off by default. */
  allowPromotionCodes?: boolean
}

/** Stripe's bounds for `subscription_data[trial_period_days]`. */
const maxTrialDays = 730

/** Throws a `TypeError` naming the setting when `checkout`'s offers, or a plan's trial, are not ones Stripe would take. */
export function checkCheckoutOffers(offers: CheckoutOffers | undefined, plans?: BillingOptions['plans']): void {
  const days: unknown = offers?.trialDays
  if (days !== undefined && !isTrialLength(days)) {
    throw new TypeError(
      `createBilling: checkout.trialDays must be a whole number of days from 1 to ${maxTrialDays} (got ${String(days)}).`,
    )
  }
  for (const [priceId, plan] of Object.entries(plans ?? {})) {
    const planDays: unknown = plan.trialDays
    if (planDays !== undefined && planDays !== null && !isTrialLength(planDays)) {
      throw new TypeError(
        `createBilling: plans[${JSON.stringify(priceId)}].trialDays must be a whole number of days from 1 to ${maxTrialDays}, or null (got ${JSON.stringify(planDays)}).`,
      )
    }
  }
  const codes: unknown = offers?.allowPromotionCodes
  if (codes !== undefined && typeof codes !== 'boolean') {
    throw new TypeError(`createBilling: checkout.allowPromotionCodes must be true or false (got ${String(codes)}).`)
  }
}

function isTrialLength(days: unknown): boolean {
  return typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= maxTrialDays
}

/**
 * The Checkout Session parameters for the configured offers, given every subscription the customer ever had
 * (`status=all`) and the plan's own entry, whose `trialDays` wins. One that expired unpaid (`incomplete_expired`)
 * never started, so it does not use up the trial.
 */
export function checkoutOfferParams(
  offers: CheckoutOffers | undefined,
  subscriptions: readonly Pick<Stripe.Subscription, 'status'>[],
  plan?: BillingPlanOption,
): Pick<Stripe.Checkout.SessionCreateParams, 'allow_promotion_codes'> & {
  subscription_data: Pick<Stripe.Checkout.SessionCreateParams.SubscriptionData, 'trial_period_days'>
} {
  const { allowPromotionCodes } = offers ?? {}
  const trialDays = plan?.trialDays !== undefined ? plan.trialDays : offers?.trialDays
  const hadSubscription = subscriptions.some((s) => s.status !== 'incomplete_expired')
  return {
    ...(allowPromotionCodes ? { allow_promotion_codes: true } : {}),
    subscription_data: trialDays && !hadSubscription ? { trial_period_days: trialDays } : {},
  }
}
