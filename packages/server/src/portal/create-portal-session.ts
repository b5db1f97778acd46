import { type PortalFlow, portalFlows } from '@portal-kit/core'
import type Stripe from 'stripe'
import type { BillingContext } from '../billing-context.js'
import type { BillingAccount } from '../billing-options.js'
import { listedPlan } from '../checkout/listed-plan.js'
import { BillingError, withStore, withStripe } from '../errors.js'
import { resolveReturnUrl } from '../http/resolve-return-url.js'
import { customerForVisit } from './ensure-customer.js'

export interface PortalSessionRequest {
  flow?: PortalFlow
  subscriptionId?: string
  /** For `subscription_update_confirm`: the price to switch to. */
  priceId?: string
  /** Where to come back to; default the configured `returnUrl`. */
  returnPath?: string
}

/** Reads and checks a portal request body (`{ flow?, subscriptionId?, priceId?, returnPath? }`). */
export function parsePortalSessionRequest(body: Record<string, unknown>): PortalSessionRequest {
  const out: PortalSessionRequest = {}
  for (const key of ['flow', 'subscriptionId', 'priceId', 'returnPath'] as const) {
    const value = body[key]
    if (value === undefined || value === null || value === '') continue
    if (typeof value !== 'string') throw new BillingError('invalid_request', `${key} must be a string.`)
    if (key === 'flow') {
      if (!(portalFlows as readonly string[]).includes(value)) {
        throw new BillingError('invalid_request', `flow must be one of ${portalFlows.join(', ')}.`)
      }
      out.flow = value as PortalFlow
    } else {
      out[key] = value
    }
  }
  return out
}

/**
 * Opens a Stripe billing portal session for the account: its own customer (created once),
 * a return URL on the app marked `billing_return=<epoch ms of the visit>`, and a deep link whose subscription must be
 * the customer's own (403 otherwise).
 */
export async function createPortalSession(
  ctx: BillingContext,
  req: Request,
  account: BillingAccount,
  input: PortalSessionRequest,
): Promise<{ url: string }> {
  const origins = ctx.origins(req)
  const returnUrl = resolveReturnUrl(input.returnPath ?? ctx.returnUrl, origins, { visitedAt: Date.now() })
  const customer = await customerForVisit(ctx, account)
  const flowData = input.flow ? await buildFlowData(ctx, customer.customerId, input, returnUrl) : undefined
  const open = (flow: Stripe.BillingPortal.SessionCreateParams.FlowData | undefined) =>
    ctx.stripe.billingPortal.sessions.create({
      customer: customer.customerId,
      return_url: returnUrl,
      ...(ctx.options.portalConfiguration ? { configuration: ctx.options.portalConfiguration } : {}),
      ...(localeOf(ctx, req) ? { locale: localeOf(ctx, req) as Stripe.BillingPortal.SessionCreateParams.Locale } : {}),
      ...(flow ? { flow_data: flow } : {}),
    })
  const session = await withStripe(() =>
    open(flowData).catch((error: unknown) => {
      // A customer must always be able to cancel: a coupon Stripe refuses (deleted, used up) drops the offer, loudly.
      const retention = flowData?.subscription_cancel?.retention
      const param = (error as { param?: unknown } | null)?.param
      if (!retention || typeof param !== 'string' || !param.startsWith('flow_data[subscription_cancel][retention]')) {
        throw error
      }
      ctx.logger.error(
        `retentionCoupon "${retention.coupon_offer?.coupon}" was not offered: ${(error as Error).message}`,
        { param },
      )
      const { retention: _dropped, ...withoutOffer } = flowData.subscription_cancel as NonNullable<
        typeof flowData.subscription_cancel
      >
      return open({ ...flowData, subscription_cancel: withoutOffer })
    }),
  )
  return { url: session.url }
}

function localeOf(ctx: BillingContext, req: Request): string | undefined {
  return ctx.options.locale?.(req)
}

async function buildFlowData(
  ctx: BillingContext,
  customerId: string,
  input: PortalSessionRequest,
  returnUrl: string,
): Promise<Stripe.BillingPortal.SessionCreateParams.FlowData> {
  const afterCompletion = { type: 'redirect' as const, redirect: { return_url: returnUrl } }
  if (input.flow === 'payment_method_update') {
    return { type: 'payment_method_update', after_completion: afterCompletion }
  }
  const subscription = await ownSubscription(ctx, customerId, input.subscriptionId)
  switch (input.flow) {
    case 'subscription_cancel':
      return {
        type: 'subscription_cancel',
        subscription_cancel: {
          subscription: subscription.id,
          ...(ctx.options.retentionCoupon
            ? { retention: { type: 'coupon_offer', coupon_offer: { coupon: ctx.options.retentionCoupon } } }
            : {}),
        },
        after_completion: afterCompletion,
      }
    case 'subscription_update':
      return {
        type: 'subscription_update',
        subscription_update: { subscription: subscription.id },
        after_completion: afterCompletion,
      }
    default: {
      if (!input.priceId)
        throw new BillingError('invalid_request', 'priceId is required for subscription_update_confirm.')
      if (ctx.options.plans && !listedPlan(ctx.options.plans, input.priceId)) {
        throw new BillingError('invalid_request', 'That price is not one of the plans on offer.')
      }
      const item = subscription.items.data[0]
      if (!item) throw new BillingError('invalid_request', 'The subscription has no items to update.')
      return {
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: subscription.id,
          items: [{ id: item.id, price: input.priceId, quantity: item.quantity ?? 1 }],
        },
        after_completion: afterCompletion,
      }
    }
  }
}

/**
 * The subscription a deep link names, checked against Stripe to belong to the customer; without an
 * id, the customer's current subscription. Unknown and foreign ids get the same 403, so ids of
 * other customers cannot be probed.
 */
async function ownSubscription(
  ctx: BillingContext,
  customerId: string,
  subscriptionId: string | undefined,
): Promise<Stripe.Subscription> {
  const id = subscriptionId ?? (await currentSubscriptionId(ctx, customerId))
  if (!id) throw new BillingError('no_billing_account', 'There is no subscription to manage yet.')
  const subscription = await withStripe(() => ctx.stripe.subscriptions.retrieve(id)).catch((error: unknown) => {
    if (error instanceof BillingError && error.code === 'invalid_request') return null
    throw error
  })
  const owner =
    subscription && (typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id)
  if (!subscription || owner !== customerId) {
    throw new BillingError('foreign_subscription', 'That subscription does not belong to this account.')
  }
  return subscription
}

async function currentSubscriptionId(ctx: BillingContext, customerId: string): Promise<string | undefined> {
  const records = await withStore(() => ctx.store.listSubscriptions(customerId))
  const live = records.filter((r) => !['canceled', 'incomplete_expired'].includes(r.status))
  return live.sort((a, b) => b.subscription.created - a.subscription.created)[0]?.subscriptionId
}
