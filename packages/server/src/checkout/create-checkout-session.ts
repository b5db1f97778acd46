import type { BillingContext } from '../billing-context.js'
import type { BillingAccount } from '../billing-options.js'
import { BillingError, withStripe } from '../errors.js'
import { resolveReturnUrl } from '../http/resolve-return-url.js'
import { customerForVisit } from '../portal/ensure-customer.js'
import { fetchSubscriptions } from '../sync/sync-customer.js'
import { checkoutOfferParams } from './checkout-offers.js'
import { listedPlan } from './listed-plan.js'

/** Statuses that mean the account already pays (or is trying to): a second subscription would double-bill. */
const liveStatuses = new Set(['active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'paused'])

/**
 * With `plans`, only those prices are sold. Without it, any active recurring price of the Stripe
 * account is, checked with Stripe so a made-up, archived or one-time price is a clear 400.
 */
async function assertPlanOnOffer(ctx: BillingContext, priceId: string): Promise<void> {
  const notOnOffer = new BillingError('invalid_request', 'That price is not one of the plans on offer.')
  if (ctx.options.plans) {
    if (!listedPlan(ctx.options.plans, priceId)) throw notOnOffer
    return
  }
  if (!/^[\w-]{1,255}$/.test(priceId)) throw notOnOffer
  const price = await withStripe(() => ctx.stripe.prices.retrieve(priceId)).catch((error: unknown) => {
    throw error instanceof BillingError && error.code === 'invalid_request' ? notOnOffer : error
  })
  if (!price.active || price.type !== 'recurring') throw notOnOffer
}

/**
 * A Stripe Checkout session for one of the configured plans, on the account's own customer
 * (never a duplicate). An account with a live subscription gets 409 `already_subscribed`: it should
 * change plans in the portal instead.
 */
export async function createCheckoutSession(
  ctx: BillingContext,
  req: Request,
  account: BillingAccount,
  input: { priceId: string },
): Promise<{ url: string }> {
  await assertPlanOnOffer(ctx, input.priceId)
  const origins = ctx.origins(req)
  const successUrl = resolveReturnUrl(ctx.options.checkout?.successUrl ?? ctx.returnUrl, origins, {
    visitedAt: Date.now(),
  })
  const cancelUrl = resolveReturnUrl(ctx.options.checkout?.cancelUrl ?? ctx.returnUrl, origins)
  const customer = await customerForVisit(ctx, account)
  const { subscriptions } = await fetchSubscriptions(ctx, customer.customerId)
  if (subscriptions.some((s) => liveStatuses.has(s.status))) {
    throw new BillingError(
      'already_subscribed',
      'This account already has a subscription. Change plans in the billing portal.',
    )
  }
  const offers = checkoutOfferParams(ctx.options.checkout, subscriptions, listedPlan(ctx.options.plans, input.priceId))
  const session = await withStripe(() =>
    ctx.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.customerId,
      client_reference_id: account.id,
      line_items: [{ price: input.priceId, quantity: 1 }],
      success_url: successUrl,
      cancel_url: cancelUrl,
      ...offers,
      subscription_data: { ...offers.subscription_data, metadata: { accountId: account.id } },
      ...(ctx.options.locale?.(req) ? { locale: ctx.options.locale(req) as 'auto' } : {}),
    }),
  )
  if (!session.url) throw new BillingError('stripe_unavailable', 'Stripe did not return a checkout URL.')
  return { url: session.url }
}
