import type { BillingErrorCode } from '@portal-kit/core'
import { BillingError } from '../errors.js'
import { resolveReturnUrl } from './resolve-return-url.js'

/** What opening the portal or Checkout came to: the session URL, or the code of the `BillingError` it failed with. */
export type SessionOutcome = { url: string } | { error: BillingErrorCode }

/** Runs `open` and keeps a `BillingError` as an outcome; any other failure is rethrown (a 500). */
export async function settleSession(open: () => Promise<{ url: string }>): Promise<SessionOutcome> {
  try {
    return { url: (await open()).url }
  } catch (error) {
    if (error instanceof BillingError) return { error: error.code }
    throw error
  }
}

/**
 * Where a form post without client JavaScript goes next, for the form route and the server action
 * alike: the session URL Stripe gave, or back to the form's `returnPath` (else `fallbackPath`)
 * with `billing_error=<code>`. Both paths go through `resolveReturnUrl`, so the answer is always on
 * one of `origins`; when neither lands there, the app's root.
 */
export function formRedirectTarget(
  outcome: SessionOutcome,
  returnPath: string | undefined,
  fallbackPath: string,
  origins: readonly string[],
): string {
  if ('url' in outcome) return outcome.url
  const back = new URL(firstOnApp([returnPath, fallbackPath], origins) ?? resolveReturnUrl('/', origins))
  back.searchParams.set('billing_error', outcome.error)
  return back.toString()
}

function firstOnApp(paths: readonly (string | undefined)[], origins: readonly string[]): string | undefined {
  for (const path of paths) {
    if (!path) continue
    try {
      return resolveReturnUrl(path, origins)
    } catch {
      // Not on the app: try the next one.
    }
  }
  return undefined
}

/** The string fields of a posted form (files are ignored). */
export function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [key, value] of formData.entries()) if (typeof value === 'string') fields[key] = value
  return fields
}

/** True for the bodies a plain HTML form posts. */
export function isFormPost(req: Request): boolean {
  const type = req.headers.get('content-type') ?? ''
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')
}
