import type { PageResponse, PageRoute } from './page-router.js'
import { renderCancelPage, submitCancel, submitRenew } from './portal-cancel-page.js'
import { renderConfirmationPage } from './portal-confirmation-page.js'
import { renderPortalOverview } from './portal-overview-page.js'
import { type PortalPageContext, portalPage } from './portal-page-context.js'
import { renderPausePage, submitPause, submitUnpause } from './portal-pause-page.js'
import { renderPaymentMethodPage, submitPaymentMethod } from './portal-payment-method-page.js'
import { submitRetentionAccept, submitRetentionDecline } from './portal-retention-offer.js'
import {
  renderConfirmUpdatePage,
  renderSwitchPlanPage,
  submitConfirmUpdate,
  submitSwitchPlan,
} from './portal-switch-plan-page.js'

const session = '/p/session/:id'
const subscription = `${session}/subscriptions/:subscription`

/** The hosted customer portal: `billing_portal.session.url` and the pages and forms behind it. */
export const portalPageRoutes: PageRoute[] = [
  {
    method: 'GET',
    pattern: session,
    handler: portalPage((ctx, req) => renderHome(ctx, req.query)),
  },
  {
    method: 'GET',
    pattern: `${session}/payment-method`,
    handler: portalPage((ctx) => renderPaymentMethodPage(ctx)),
  },
  {
    method: 'POST',
    pattern: `${session}/payment-method`,
    handler: portalPage((ctx, req) => submitPaymentMethod(ctx, req)),
  },
  {
    method: 'GET',
    pattern: `${subscription}/update`,
    handler: portalPage((ctx, req) => renderSwitchPlanPage(ctx, req.pathParams.subscription as string)),
  },
  {
    method: 'POST',
    pattern: `${subscription}/update`,
    handler: portalPage((ctx, req) => submitSwitchPlan(ctx, req, req.pathParams.subscription as string)),
  },
  {
    method: 'GET',
    pattern: `${subscription}/update/confirm`,
    handler: portalPage((ctx, req) => renderConfirmUpdatePage(ctx, req.pathParams.subscription as string)),
  },
  {
    method: 'POST',
    pattern: `${subscription}/update/confirm`,
    handler: portalPage((ctx, req) => submitConfirmUpdate(ctx, req, req.pathParams.subscription as string)),
  },
  {
    method: 'GET',
    pattern: `${subscription}/cancel`,
    handler: portalPage((ctx, req) => renderCancelPage(ctx, req.pathParams.subscription as string)),
  },
  {
    method: 'POST',
    pattern: `${subscription}/cancel`,
    handler: portalPage((ctx, req) => submitCancel(ctx, req, req.pathParams.subscription as string)),
  },
  {
    method: 'POST',
    pattern: `${subscription}/cancel/retention/accept`,
    handler: portalPage((ctx, req) => submitRetentionAccept(ctx, req.pathParams.subscription as string)),
  },
  {
    method: 'POST',
    pattern: `${subscription}/cancel/retention/decline`,
    handler: portalPage((ctx, req) => submitRetentionDecline(ctx, req.pathParams.subscription as string)),
  },
  {
    method: 'POST',
    pattern: `${subscription}/renew`,
    handler: portalPage((ctx, req) => submitRenew(ctx, req.pathParams.subscription as string)),
  },
  {
    method: 'GET',
    pattern: `${subscription}/pause`,
    handler: portalPage((ctx, req) => renderPausePage(ctx, req.pathParams.subscription as string)),
  },
  {
    method: 'POST',
    pattern: `${subscription}/pause`,
    handler: portalPage((ctx, req) => submitPause(ctx, req, req.pathParams.subscription as string)),
  },
  {
    method: 'POST',
    pattern: `${subscription}/unpause`,
    handler: portalPage((ctx, req) => submitUnpause(ctx, req.pathParams.subscription as string)),
  },
  {
    method: 'GET',
    pattern: `${session}/confirmation`,
    handler: portalPage((ctx) => renderConfirmationPage(ctx)),
  },
]

/** The session URL: a deep link opens straight on its flow's page; a finished one shows where it ended. */
function renderHome(ctx: PortalPageContext, query: URLSearchParams): PageResponse {
  const flow = ctx.activeFlow
  if (flow?.type === 'payment_method_update') return renderPaymentMethodPage(ctx)
  if (flow?.subscription_cancel) return renderCancelPage(ctx, flow.subscription_cancel.subscription)
  if (flow?.subscription_update) return renderSwitchPlanPage(ctx, flow.subscription_update.subscription)
  if (flow?.subscription_pause) return renderPausePage(ctx, flow.subscription_pause.subscription)
  if (flow?.subscription_update_confirm) {
    return renderConfirmUpdatePage(ctx, flow.subscription_update_confirm.subscription)
  }
  const used = ctx.session.flow
  if (used && used.after_completion.type === 'hosted_confirmation') return renderConfirmationPage(ctx)
  if (used?.after_completion.redirect) return { redirect: used.after_completion.redirect.return_url }
  return renderPortalOverview(ctx, query)
}
