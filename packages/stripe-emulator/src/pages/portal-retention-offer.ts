import type { StoredSubscription } from '../billing/subscription.js'
import type { StoredCoupon } from '../discounts/coupon.js'
import {
  acceptRetentionOffer,
  declineRetentionOffer,
  pendingRetentionCoupon,
  retentionOfferAccepted,
} from '../portal/retention-offer.js'
import { describeCoupon } from './describe-coupon.js'
import type { PageResponse } from './page-router.js'
import { renderPortalPage } from './portal-layout.js'
import {
  afterAction,
  assertActionAllowed,
  customerSubscription,
  type PortalPageContext,
  PortalPageError,
  portalFrame,
} from './portal-page-context.js'
import { escapeHtml } from './render-layout.js'

/**
 * The retention offer shown instead of the cancel confirmation while the session's flow has a coupon offer the
 * customer has not answered; undefined when there is none to show.
 */
export function renderRetentionOffer(
  ctx: PortalPageContext,
  subscription: StoredSubscription,
): PageResponse | undefined {
  const coupon = pendingRetentionCoupon(ctx.emulator, ctx.session, subscription)
  if (!coupon) return undefined
  const action = `${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}/cancel/retention`
  const s = ctx.t.retention
  return renderPortalPage(portalFrame(ctx), {
    title: s.title,
    body: `<h1>${escapeHtml(s.title)}</h1>
<div class="card" data-slot="retention-offer">
<p>${escapeHtml(s.offer(describeCoupon(coupon, ctx)))}</p>
<div class="actions">
<form method="post" action="${action}/accept"><button type="submit" class="primary">${escapeHtml(s.accept)}</button></form>
<form method="post" action="${action}/decline"><button type="submit">${escapeHtml(s.decline)}</button></form>
</div>
</div>`,
  })
}

/** "Accept offer": applies the coupon, keeps the subscription, and completes the flow. */
export function submitRetentionAccept(ctx: PortalPageContext, subscriptionId: string): PageResponse {
  const subscription = offeredSubscription(ctx, subscriptionId)
  const coupon = pendingRetentionCoupon(ctx.emulator, ctx.session, subscription)
  if (!coupon) throw new PortalPageError(409, ctx.t.retention.gone)
  acceptRetentionOffer(ctx.emulator, ctx.session, subscription, coupon)
  return afterAction(ctx, 'offer_accepted')
}

/** "No thanks": on to the cancel confirmation. */
export function submitRetentionDecline(ctx: PortalPageContext, subscriptionId: string): PageResponse {
  const subscription = offeredSubscription(ctx, subscriptionId)
  declineRetentionOffer(ctx.emulator, ctx.session)
  return { redirect: `${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}/cancel` }
}

/** The hosted confirmation's heading and detail after an accepted offer, or undefined for any other outcome. */
export function retentionConfirmation(ctx: PortalPageContext): { heading: string; detail: string } | undefined {
  const couponId = ctx.session.flow?.subscription_cancel?.retention?.coupon_offer?.coupon
  if (!couponId || !retentionOfferAccepted(ctx.emulator, ctx.session.id)) return undefined
  const coupon = ctx.emulator.state.find<StoredCoupon>('coupon', couponId)
  const discount = coupon && !coupon.deleted ? describeCoupon(coupon, ctx) : ''
  return {
    heading: ctx.t.retention.acceptedHeading,
    detail: discount ? ctx.t.retention.acceptedDetail(discount) : ctx.t.overview.done.offer_accepted,
  }
}

function offeredSubscription(ctx: PortalPageContext, subscriptionId: string): StoredSubscription {
  assertActionAllowed(ctx, 'subscription_cancel', subscriptionId)
  return customerSubscription(ctx, subscriptionId)
}
