import { headers } from 'next/headers.js'
import { redirect } from 'next/navigation.js'
import type { Billing } from '../create-billing.js'
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
  return createPortalFormAction(billing, { getRequest: requestFromHeaders, redirect }, defaults)
}

async function requestFromHeaders(): Promise<Request> {
  const h = await headers()
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost'
  const proto =
    h.get('x-forwarded-proto') ?? (host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https')
  return new Request(`${proto}://${host}/`, { headers: new Headers(h) })
}
