import type Stripe from 'stripe'
import type { StoredSubscription } from '../billing/subscription.js'
import { requireCustomer, type StoredCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import type { PageFormatter } from '../portal/page-formatter.js'
import type { StoredPortalConfiguration } from '../portal/portal-configuration.js'
import { openPortalSession, type PortalSessionProgress, type StoredPortalSession } from '../portal/portal-session.js'
import type { PageMessages } from './locales/en.js'
import { type PageLocale, resolvePageLocale } from './page-locale.js'
import type { PageRequest, PageResponse } from './page-router.js'
import { renderPortalPage } from './portal-layout.js'
import { renderErrorPage } from './render-error-page.js'
import { escapeHtml, renderLayout } from './render-layout.js'

export type PortalFlowType = Stripe.BillingPortal.Session.Flow.Type

/** Everything a portal page needs about the session it serves. */
export interface PortalPageContext {
  emulator: Emulator
  session: StoredPortalSession
  config: StoredPortalConfiguration
  progress: PortalSessionProgress
  customer: StoredCustomer
  format: PageFormatter
  /** The page text in the session's locale. */
  t: PageMessages
  /** The deep-link flow still to be completed, or null when the whole portal is open. */
  activeFlow: Stripe.BillingPortal.Session.Flow | null
  /** `/p/session/<id>`, the base of every portal URL of this session. */
  base: string
}

/** A portal page refusing a request (a disabled feature, someone else's subscription); shown inside the portal frame. */
export class PortalPageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export type PortalPageHandler = (ctx: PortalPageContext, req: PageRequest) => PageResponse

/** Wraps a portal page: resolves the session (or shows the missing / expired page) and renders refusals in the frame. */
export function portalPage(handler: PortalPageHandler): (req: PageRequest) => PageResponse {
  return (req) => {
    const { emulator } = req
    const access = openPortalSession(emulator, req.pathParams.id as string)
    if (!access.ok) {
      if (access.reason === 'missing') {
        const locale = resolvePageLocale({ acceptLanguage: req.acceptLanguage })
        return { status: 404, html: renderErrorPage(emulator, 404, locale.t.errors.portalLinkInvalid, locale) }
      }
      return renderExpiredPage(emulator, req)
    }
    const { session, config, progress } = access
    const customer = requireCustomer(emulator, session.customer)
    const { format, t } = portalSessionLocale(session, customer.preferred_locales, req.acceptLanguage)
    const ctx: PortalPageContext = {
      emulator,
      session,
      config,
      progress,
      customer,
      format,
      t,
      activeFlow: session.flow && !progress.flowCompleted ? session.flow : null,
      base: `/p/session/${session.id}`,
    }
    try {
      return handler(ctx, req)
    } catch (error) {
      if (!(error instanceof PortalPageError)) throw error
      return renderPortalPage(portalFrame(ctx), {
        title: ctx.t.errors.notAvailableTitle,
        status: error.status,
        body: `<h1>${escapeHtml(ctx.t.errors.notAvailableHeading)}</h1><p role="alert">${escapeHtml(error.message)}</p>${
          ctx.activeFlow ? '' : `<p><a href="${ctx.base}">${escapeHtml(ctx.t.layout.backToOverview)}</a></p>`
        }`,
      })
    }
  }
}

export function portalFrame(ctx: PortalPageContext) {
  return {
    emulator: ctx.emulator,
    config: ctx.config,
    returnUrl: ctx.session.return_url,
    lang: ctx.format.lang,
    t: ctx.t,
  }
}

/** The portal session's `locale`; `auto` follows the customer's preferred locales, then the browser. */
function portalSessionLocale(
  session: StoredPortalSession,
  preferredLocales: string[] | null | undefined,
  acceptLanguage: string | undefined,
): PageLocale {
  return resolvePageLocale({ locale: session.locale, preferredLocales, acceptLanguage })
}

function renderExpiredPage(emulator: Emulator, req: PageRequest): PageResponse {
  const session = emulator.state.find<StoredPortalSession>('billing_portal.session', req.pathParams.id as string)
  const customer = session ? emulator.state.find<StoredCustomer>('customer', session.customer) : undefined
  const { t, lang } = session
    ? portalSessionLocale(session, customer?.preferred_locales, req.acceptLanguage)
    : resolvePageLocale({ acceptLanguage: req.acceptLanguage })
  const business = emulator.settings.businessName
  const back = session?.return_url
    ? `<p><a class="back" href="${escapeHtml(session.return_url)}"><span aria-hidden="true">← </span>${escapeHtml(t.layout.returnTo(business))}</a></p>`
    : ''
  return {
    status: 410,
    html: renderLayout(emulator, {
      title: t.errors.expiredTitle,
      lang,
      body: `<div class="card narrow"><h1>${escapeHtml(t.errors.expiredTitle)}</h1><p role="alert">${escapeHtml(t.errors.expiredMessage(business))}</p>${back}</div>`,
    }),
  }
}

/** The customer's subscription named in a URL; someone else's or an unknown one is refused. */
export function customerSubscription(ctx: PortalPageContext, id: string): StoredSubscription {
  const subscription = ctx.emulator.state.find<StoredSubscription>('subscription', id)
  if (!subscription || subscription.customer !== ctx.customer.id) {
    throw new PortalPageError(404, ctx.t.errors.subscriptionNotFound)
  }
  return subscription
}

export type PortalAction =
  | 'payment_method_update'
  | 'subscription_update'
  | 'subscription_cancel'
  | 'subscription_renew'
  | 'subscription_pause'

/**
 * Refuses actions the session does not allow: during a deep-link flow only that flow's action on
 * its subscription; otherwise what the configuration's features enable.
 */
export function assertActionAllowed(ctx: PortalPageContext, action: PortalAction, subscriptionId?: string): void {
  const flow = ctx.activeFlow
  if (flow) {
    const flowSubscription =
      flow.subscription_cancel?.subscription ??
      flow.subscription_update?.subscription ??
      flow.subscription_update_confirm?.subscription ??
      flow.subscription_pause?.subscription
    const flowAction = flow.type === 'subscription_update_confirm' ? 'subscription_update' : flow.type
    if (flowAction !== action || (subscriptionId !== undefined && subscriptionId !== flowSubscription)) {
      throw new PortalPageError(403, ctx.t.errors.flowOnly)
    }
    return
  }
  if (ctx.session.flow && ctx.session.flow.after_completion.type !== 'portal_homepage') {
    throw new PortalPageError(403, ctx.t.errors.linkUsed)
  }
  const features = ctx.config.features
  const enabled =
    action === 'payment_method_update'
      ? features.payment_method_update.enabled
      : action === 'subscription_update'
        ? features.subscription_update.enabled
        : action === 'subscription_cancel'
          ? features.subscription_cancel.enabled
          : action === 'subscription_pause'
            ? features.subscription_pause.enabled
            : true
  if (!enabled) throw new PortalPageError(403, ctx.t.errors.featureDisabled)
}

export type PortalDone =
  | 'payment_method'
  | 'plan'
  | 'plan_scheduled'
  | 'canceled'
  | 'cancel_scheduled'
  | 'renewed'
  | 'paused'
  | 'resumed'
  | 'offer_accepted'

/**
 * Where the customer goes after an action: within a deep-link flow, what `after_completion` says
 * (the flow is marked done); otherwise back to the overview with a notice.
 */
export function afterAction(ctx: PortalPageContext, done: PortalDone): PageResponse {
  const flow = ctx.activeFlow
  if (flow) {
    ctx.progress.flowCompleted = true
    if (flow.after_completion.type === 'redirect' && flow.after_completion.redirect) {
      return { redirect: flow.after_completion.redirect.return_url }
    }
    if (flow.after_completion.type === 'hosted_confirmation') {
      return { redirect: `${ctx.base}/confirmation?done=${done}` }
    }
  }
  return { redirect: `${ctx.base}?done=${done}` }
}
