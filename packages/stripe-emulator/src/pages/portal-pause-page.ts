import type { StoredSubscription } from '../billing/subscription.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import { canPauseFromPortal, pauseChoices, pauseFromPortal, unpauseFromPortal } from '../portal/pause-from-portal.js'
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
import { escapeHtml } from './render-layout.js'

/** "Pause subscription": the configured durations as a radio list (or pausing until resumed), one button away. */
export function renderPausePage(
  ctx: PortalPageContext,
  subscriptionId: string,
  state: { error?: string; status?: number } = {},
): PageResponse {
  const subscription = pausableSubscription(ctx, subscriptionId)
  const choices = pauseChoices(ctx.config).map((choice, i) => {
    const id = `pause-${i}`
    const label =
      choice.interval && choice.count ? ctx.t.pause.duration(choice.count, choice.interval) : ctx.t.pause.untilResumed
    return `<div class="option"><input type="radio" name="duration" id="${id}" value="${escapeHtml(choice.value)}"${i === 0 ? ' checked' : ''}><label for="${id}">${escapeHtml(label)}</label></div>`
  })
  const error = state.error ? `<p role="alert" id="form-error" class="error">${escapeHtml(state.error)}</p>` : ''
  const back = ctx.activeFlow ? '' : `<p><a href="${ctx.base}">${escapeHtml(ctx.t.layout.backToOverview)}</a></p>`
  return renderPortalPage(portalFrame(ctx), {
    title: ctx.t.pause.title,
    status: state.status,
    body: `<h1>${escapeHtml(ctx.t.pause.title)}</h1>
<form method="post" action="${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}/pause" class="card" data-slot="pause-form">
${error}
<p class="muted">${escapeHtml(ctx.t.pause.intro)}</p>
<fieldset><legend>${escapeHtml(ctx.t.pause.durationLegend)}</legend>
${choices.join('\n')}
</fieldset>
<div class="actions"><button type="submit" class="primary">${escapeHtml(ctx.t.pause.submit)}</button></div>
</form>
${back}`,
  })
}

export function submitPause(ctx: PortalPageContext, req: PageRequest, subscriptionId: string): PageResponse {
  const subscription = pausableSubscription(ctx, subscriptionId)
  try {
    pauseFromPortal(ctx.emulator, ctx.config, subscription, formString(req.form, 'duration') ?? '')
  } catch (error) {
    if (error instanceof StripeApiError && error.status < 500) {
      const message = error.param === 'duration' ? ctx.t.pause.chooseDuration : error.message
      return renderPausePage(ctx, subscriptionId, { error: message, status: error.status })
    }
    throw error
  }
  return afterAction(ctx, 'paused')
}

/** "Resume subscription" on the overview of a subscription whose collection is paused. */
export function submitUnpause(ctx: PortalPageContext, subscriptionId: string): PageResponse {
  assertActionAllowed(ctx, 'subscription_pause', subscriptionId)
  const subscription = customerSubscription(ctx, subscriptionId)
  if (!subscription.pause_collection) throw new PortalPageError(409, ctx.t.pause.notPaused)
  unpauseFromPortal(ctx.emulator, subscription)
  return afterAction(ctx, 'resumed')
}

/** The overview's pause state ("Paused", until when) and its action: pause when offered, resume when paused. */
export function renderPauseState(
  ctx: PortalPageContext,
  subscription: StoredSubscription,
): { status: string; action: string } {
  const sub = `${ctx.base}/subscriptions/${encodeURIComponent(subscription.id)}`
  const paused = subscription.pause_collection
  if (paused) {
    const until = paused.resumes_at
      ? ctx.t.pause.pausedUntil(ctx.format.date(paused.resumes_at))
      : ctx.t.pause.pausedIndefinitely
    const canResume = ctx.config.features.subscription_pause.enabled
    return {
      status: `<p data-slot="pause-state" data-state="paused"><span class="badge warning">${escapeHtml(ctx.t.pause.pausedBadge)}</span> ${escapeHtml(until)}</p>`,
      action: canResume
        ? `<form method="post" action="${sub}/unpause"><button type="submit" class="primary">${escapeHtml(ctx.t.pause.resume)}</button></form>`
        : '',
    }
  }
  return {
    status: '',
    action: canPauseFromPortal(ctx.config, subscription)
      ? `<form method="get" action="${sub}/pause"><button type="submit">${escapeHtml(ctx.t.pause.action)}</button></form>`
      : '',
  }
}

function pausableSubscription(ctx: PortalPageContext, subscriptionId: string): StoredSubscription {
  assertActionAllowed(ctx, 'subscription_pause', subscriptionId)
  const subscription = customerSubscription(ctx, subscriptionId)
  if (!canPauseFromPortal(ctx.config, subscription)) {
    throw new PortalPageError(409, ctx.t.pause.cannotPause)
  }
  return subscription
}
