import type { Billing } from '../billing-api.js'
import { appOrigins } from '../http/app-origins.js'
import { formFields, formRedirectTarget, settleSession } from '../http/form-redirect.js'
import { type PortalSessionRequest, parsePortalSessionRequest } from './create-portal-session.js'

export interface PortalFormActionHost {
  /** The incoming request as a Web Request (cookies and headers are what `getAccount` reads). */
  getRequest: () => Promise<Request>
  /** Sends the browser to a URL; must not return (Next.js `redirect`). */
  redirect: (url: string) => never
}

/**
 * A `<form action>` handler that opens the portal and redirects, so "Manage billing" works with
 * client JavaScript off. Form fields `flow`, `subscriptionId`, `priceId` and `returnPath` override
 * `defaults`. On failure it redirects back to the return path with `billing_error=<code>`, through
 * the same `formRedirectTarget` as the form route.
 */
export function createPortalFormAction(
  billing: Pick<Billing, 'api' | 'options'>,
  host: PortalFormActionHost,
  defaults: PortalSessionRequest = {},
): (formData: FormData) => Promise<never> {
  return async (formData) => {
    const fields = formFields(formData)
    const req = await host.getRequest()
    const outcome = await settleSession(async () =>
      billing.api.createPortalSession(req, { ...defaults, ...parsePortalSessionRequest(fields) }),
    )
    const origins = appOrigins(req, billing.options.appUrl, billing.options.allowedOrigins)
    const fallback = defaults.returnPath ?? billing.options.returnUrl
    return host.redirect(formRedirectTarget(outcome, fields.returnPath || undefined, fallback, origins))
  }
}
