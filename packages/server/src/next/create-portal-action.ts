import { headers } from 'next/headers.js'
import { redirect } from 'next/navigation.js'
import type { Billing } from '../create-billing.js'
import { requestFromHeaders } from '../http/request-origin.js'
import type { PortalSessionRequest } from '../portal/create-portal-session.js'
import { createPortalFormAction } from '../portal/portal-form-action.js'

/**
 * A Next.js server action for `<form action={openPortal}>`: opens the billing portal for the signed-in
 * account and redirects there, with or without client JavaScript. Export it from a `'use server'` file:
 *
 * ```ts
 * 'use server'
 * export const openPortal = createPortalAction(billing)
 * ```
 */
export function createPortalAction(
  billing: Pick<Billing, 'api' | 'options'>,
  defaults: PortalSessionRequest = {},
): (formData: FormData) => Promise<never> {
  const getRequest = async () => requestFromHeaders(new Headers(await headers()), billing.options.appUrl)
  return createPortalFormAction(billing, { getRequest, redirect }, defaults)
}
