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

const reasonLabels: Record<string, string> = {
  too_expensive: 'It’s too expensive',
  missing_features: 'Some features are missing',
  switched_service: 'I found an alternative',
  unused: 'I no longer use it',
  customer_service: 'Customer service was less than expected',
  too_complex: 'Ease of use was less than expected',
  low_quality: 'Quality was less than expected',
  other: 'Other reason',
}

/** The cancel confirmation: what will happen and when, an optional reason, and "Confirm cancellation". */
export function renderCancelPage(
  ctx: PortalPageContext,
  subscriptionId: string,
  state: { error?: string; status?: number } = {},
): PageResponse {
  const subscription = cancelableSubscription(ctx, subscriptionId)
  const offer = state.error ? undefined : renderRetentionOffer(ctx, subscription)
  if (offer) return offer
  const cancel = ctx.config.features.subscription_cancel
  const periodEnd = subscription.items.data[0]?.current_period_end
  const consequence =
    cancel.mode === 'immediately'
      ? 'Your subscription will be canceled immediately and you will lose access right away.'
      : `Your subscription will be canceled, but you keep access until the end of your billing period${periodEnd ? ` on ${escapeHtml(ctx.format.date(periodEnd))}` : ''}.`
  const reasons = cancel.cancellation_reason.enabled
    ? `<label for="reason">Why are you canceling? <span class="muted">(optional)</span></label>
<select id="reason" name="reason">
<option value="">Choose a reason</option>
${cancel.cancellation_reason.options.map((o) => `<option value="${escapeHtml(o)}">${escapeHtml(reasonLabels[o] ?? o)}</option>`).join('\n')}
</select>`
    : ''
  const error = state.error ? `<p role="alert" class="error">${escapeHtml(state.error)}</p>` : ''
  const back = ctx.activeFlow ? '' : `<p><a href="${ctx.base}">Keep my subscription</a></p>`
  return renderPortalPage(portalFrame(ctx), {
    title: 'Cancel subscription',
    status: state.status,
    body: `<h1>Cancel your subscription</h1>
<form method="post" action="${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}/cancel" class="card">
${error}
<p>${consequence}</p>
${reasons}
<div class="actions"><button type="submit" class="danger">Confirm cancellation</button></div>
</form>
${back}`,
  })
}

export function submitCancel(ctx: PortalPageContext, req: PageRequest, subscriptionId: string): PageResponse {
  const subscription = cancelableSubscription(ctx, subscriptionId)
  const cancel = ctx.config.features.subscription_cancel
  const reason = formString(req.form, 'reason') || undefined
  if (reason && !(cancel.cancellation_reason.enabled && cancel.cancellation_reason.options.includes(reason))) {
    return renderCancelPage(ctx, subscriptionId, { error: 'Choose one of the listed reasons.', status: 400 })
  }
  const after = cancelFromPortal(ctx.emulator, ctx.config, subscription, reason as Reason | undefined)
  return afterAction(ctx, after.status === 'canceled' ? 'canceled' : 'cancel_scheduled')
}

/** "Renew subscription" from the overview, for a subscription set to cancel. */
export function submitRenew(ctx: PortalPageContext, subscriptionId: string): PageResponse {
  assertActionAllowed(ctx, 'subscription_renew', subscriptionId)
  const subscription = customerSubscription(ctx, subscriptionId)
  if (subscription.status === 'canceled' || !scheduledCancellation(subscription)) {
    throw new PortalPageError(409, 'This subscription is not set to cancel.')
  }
  renewFromPortal(ctx.emulator, subscription)
  return afterAction(ctx, 'renewed')
}

function cancelableSubscription(ctx: PortalPageContext, subscriptionId: string): StoredSubscription {
  assertActionAllowed(ctx, 'subscription_cancel', subscriptionId)
  const subscription = customerSubscription(ctx, subscriptionId)
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw new PortalPageError(409, 'This subscription has already ended.')
  }
  if (scheduledCancellation(subscription)) {
    throw new PortalPageError(409, 'This subscription is already set to cancel.')
  }
  return subscription
}
