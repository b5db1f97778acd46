import type { Billing } from '../create-billing.js'
import { BillingError } from '../errors.js'
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
    const fields: Record<string, unknown> = {}
    for (const [key, value] of formData.entries()) if (typeof value === 'string') fields[key] = value
    const req = await host.getRequest()
    let url: string
    try {
      const input = { ...defaults, ...parsePortalSessionRequest(fields) }
      url = (await billing.api.createPortalSession(req, input)).url
    } catch (error) {
      if (!(error instanceof BillingError)) throw error
      const back = new URL(
        (typeof fields.returnPath === 'string' &&
        fields.returnPath.startsWith('/') &&
        !fields.returnPath.startsWith('//')
          ? fields.returnPath
          : defaults.returnPath) ?? billing.options.returnUrl,
        req.url,
      )
      back.searchParams.set('billing_error', error.code)
      url = back.pathname + back.search
    }
    return host.redirect(url)
  }
}
