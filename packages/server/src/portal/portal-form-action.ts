import type { Billing } from '../create-billing.js'
import { formFields, formRedirectTarget } from '../http/form-redirect.js'
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
 * `defaults`. On failure it redirects back to the return path with `billing_error=<code>`.
 */
export function createPortalFormAction(
  billing: Pick<Billing, 'api' | 'options'>,
  host: PortalFormActionHost,
  defaults: PortalSessionRequest = {},
): (formData: FormData) => Promise<never> {
  return async (formData) => {
    const fields = formFields(formData)
    const req = await host.getRequest()
    const url = await formRedirectTarget(fields, defaults.returnPath ?? billing.options.returnUrl, async () =>
      billing.api.createPortalSession(req, { ...defaults, ...parsePortalSessionRequest(fields) }),
    )
    return host.redirect(url)
  }
}
