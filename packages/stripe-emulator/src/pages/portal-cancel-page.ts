import type Stripe from 'stripe'
import type { StoredSubscription } from '../billing/subscription.js'
import { cancelFromPortal, renewFromPortal, scheduledCancellation } from '../portal/portal-actions.js'
import type { PageRequest, PageResponse } from './page-router.js'
import { formString } from './portal-card-fields.js'
import { renderPortalPage } from './portal-layout.js'
import {
  afterAction,
  assertActionAllowed,
  customerSubscription,
  type PortalPageContext,
  PortalPageError,
  portalFrame,
} from './portal-page-context.js'
import { renderRetentionOffer } from './portal-retention-offer.js'
import { escapeHtml } from './render-layout.js'

type Reason = Stripe.BillingPortal.Configuration.Features.SubscriptionCancel.CancellationReason.Option

/** The cancel confirmation: what will happen and when, an optional reason, and "Confirm cancellation". */
export function renderCancelPage(
  ctx: PortalPageContext,
  subscriptionId: string,
  state: { error?: string; status?: number } = {},
): PageResponse {
  const subscription = cancelableSubscription(ctx, subscriptionId)
  const { t } = ctx
  const offer = state.error ? undefined : renderRetentionOffer(ctx, subscription)
  if (offer) return offer
  const cancel = ctx.config.features.subscription_cancel
  const periodEnd = subscription.items.data[0]?.current_period_end
  const consequence =
    cancel.mode === 'immediately'
      ? t.cancel.immediately
      : periodEnd
        ? t.cancel.atPeriodEndOn(ctx.format.date(periodEnd))
        : t.cancel.atPeriodEnd
  const reasons = cancel.cancellation_reason.enabled
    ? `<label for="reason">${escapeHtml(t.cancel.reasonLabel)} <span class="muted">${escapeHtml(t.cancel.optional)}</span></label>
<select id="reason" name="reason">
<option value="">${escapeHtml(t.cancel.chooseReason)}</option>
${cancel.cancellation_reason.options.map((o) => `<option value="${escapeHtml(o)}">${escapeHtml(t.cancel.reasons[o] ?? o)}</option>`).join('\n')}
</select>`
    : ''
  const error = state.error ? `<p role="alert" class="error">${escapeHtml(state.error)}</p>` : ''
  const back = ctx.activeFlow ? '' : `<p><a href="${ctx.base}">${escapeHtml(t.cancel.keep)}</a></p>`
  return renderPortalPage(portalFrame(ctx), {
    title: t.cancel.title,
    status: state.status,
    body: `<h1>${escapeHtml(t.cancel.heading)}</h1>
<form method="post" action="${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}/cancel" class="card">
${error}
<p>${escapeHtml(consequence)}</p>
${reasons}
<div class="actions"><button type="submit" class="danger">${escapeHtml(t.cancel.confirm)}</button></div>
</form>
${back}`,
  })
}

export function submitCancel(ctx: PortalPageContext, req: PageRequest, subscriptionId: string): PageResponse {
  const subscription = cancelableSubscription(ctx, subscriptionId)
  const cancel = ctx.config.features.subscription_cancel
  const reason = formString(req.form, 'reason') || undefined
  if (reason && !(cancel.cancellation_reason.enabled && cancel.cancellation_reason.options.includes(reason))) {
    return renderCancelPage(ctx, subscriptionId, { error: ctx.t.cancel.errorReason, status: 400 })
  }
  const after = cancelFromPortal(ctx.emulator, ctx.config, subscription, reason as Reason | undefined)
  return afterAction(ctx, after.status === 'canceled' ? 'canceled' : 'cancel_scheduled')
}

/** "Renew subscription" from the overview, for a subscription set to cancel. */
export function submitRenew(ctx: PortalPageContext, subscriptionId: string): PageResponse {
  assertActionAllowed(ctx, 'subscription_renew', subscriptionId)
  const subscription = customerSubscription(ctx, subscriptionId)
  if (subscription.status === 'canceled' || !scheduledCancellation(subscription)) {
    throw new PortalPageError(409, ctx.t.errors.notCanceling)
  }
  renewFromPortal(ctx.emulator, subscription)
  return afterAction(ctx, 'renewed')
}

function cancelableSubscription(ctx: PortalPageContext, subscriptionId: string): StoredSubscription {
  assertActionAllowed(ctx, 'subscription_cancel', subscriptionId)
  const subscription = customerSubscription(ctx, subscriptionId)
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw new PortalPageError(409, ctx.t.errors.subscriptionAlreadyEnded)
  }
  if (scheduledCancellation(subscription)) {
    throw new PortalPageError(409, ctx.t.errors.alreadyCanceling)
  }
  return subscription
}
