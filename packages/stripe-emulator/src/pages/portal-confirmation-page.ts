import type { StoredSubscription } from '../billing/subscription.js'
import { scheduledCancellation } from '../portal/portal-actions.js'
import type { PageResponse } from './page-router.js'
import { renderPortalPage } from './portal-layout.js'
import type { PortalPageContext } from './portal-page-context.js'
import { portalFrame } from './portal-page-context.js'
import { retentionConfirmation } from './portal-retention-offer.js'
import { describePendingChange } from './portal-scheduled-changes.js'
import { escapeHtml } from './render-layout.js'

/** The `hosted_confirmation` page shown after a deep-link flow: what changed, the app's custom message, the way back. */
export function renderConfirmationPage(ctx: PortalPageContext): PageResponse {
  const flow = ctx.session.flow
  if (!flow || !ctx.progress.flowCompleted || flow.after_completion.type !== 'hosted_confirmation') {
    return { redirect: ctx.base }
  }
  const message = flow.after_completion.hosted_confirmation?.custom_message
  const returnLink = ctx.session.return_url
    ? `<p><a class="button primary" href="${escapeHtml(ctx.session.return_url)}">${escapeHtml(ctx.t.layout.returnTo(ctx.emulator.settings.businessName))}</a></p>`
    : ''
  return renderPortalPage(portalFrame(ctx), {
    title: headline(ctx),
    body: `<div class="card confirmation">
<h1>${escapeHtml(headline(ctx))}</h1>
<p role="status">${escapeHtml(detail(ctx))}</p>
${message ? `<p class="custom-message">${escapeHtml(message)}</p>` : ''}
${returnLink}
</div>`,
  })
}

function headline(ctx: PortalPageContext): string {
  const offer = retentionConfirmation(ctx)
  if (offer) return offer.heading
  switch (ctx.session.flow?.type) {
    case 'payment_method_update':
      return ctx.t.confirmation.paymentMethodUpdated
    case 'subscription_cancel':
      return ctx.t.confirmation.subscriptionCanceled
    case 'subscription_pause':
      return ctx.t.pause.pausedBadge
    default:
      return ctx.t.confirmation.planUpdated
  }
}

function detail(ctx: PortalPageContext): string {
  const offer = retentionConfirmation(ctx)
  if (offer) return offer.detail
  const flow = ctx.session.flow
  if (flow?.type === 'subscription_cancel' && flow.subscription_cancel) {
    const subscription = ctx.emulator.state.find<StoredSubscription>(
      'subscription',
      flow.subscription_cancel.subscription,
    )
    const endsAt = subscription ? scheduledCancellation(subscription) : null
    if (subscription && subscription.status !== 'canceled' && endsAt) {
      return ctx.t.confirmation.endsOn(ctx.format.date(endsAt))
    }
    return ctx.t.confirmation.canceled
  }
  if (flow?.type === 'payment_method_update') return ctx.t.confirmation.newCard
  if (flow?.type === 'subscription_pause') return ctx.t.overview.done.paused
  const updated = flow?.subscription_update_confirm?.subscription ?? flow?.subscription_update?.subscription
  const subscription = updated ? ctx.emulator.state.find<StoredSubscription>('subscription', updated) : undefined
  const scheduled = subscription ? describePendingChange(ctx, subscription) : undefined
  if (scheduled) return ctx.t.switchPlan.scheduledDetail(scheduled.plan, scheduled.date)
  return ctx.t.confirmation.newPlan
}
