import { billingReturnParam } from '@portal-kit/core'
import { BillingError } from '../errors.js'

/**
 * Turns a return path or URL into an absolute URL on one of the app's origins, marked with
 * `billing_return=<visitedAt>` (epoch ms) when given, so the page knows to sync and can tell
 * whether the status it rendered is already newer than the visit. The target is resolved first
 * and the result checked, because resolution removes dot segments, tabs and newlines and turns
 * backslashes into slashes: a raw-string check passes `/.//evil.example`, which resolves to `//evil.example`.
 * Anything that does not land on the app is refused (403), so no redirect can leave the site.
 */
export function resolveReturnUrl(
  returnPath: string,
  origins: readonly string[],
  options: { visitedAt?: number } = {},
): string {
  let url: URL
  try {
    url = new URL(returnPath, origins[0])
  } catch {
    throw new BillingError('invalid_return_url', 'The return URL is not a valid URL.')
  }
  if (!landsOnApp(url, origins)) {
    throw new BillingError('invalid_return_url', 'The return URL must be a path on this site or an allowed origin.')
  }
  if (options.visitedAt !== undefined) url.searchParams.set(billingReturnParam, String(options.visitedAt))
  return url.toString()
}

/**
 * An http(s) URL on an allowed origin, without userinfo, whose path a browser cannot read as
 * protocol-relative (`//host` or `/\host`) when it is later written as a relative link.
 */
function landsOnApp(url: URL, origins: readonly string[]): boolean {
  return (
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    origins.includes(url.origin) &&
    url.username === '' &&
    url.password === '' &&
    !/^\/[/\\]/.test(url.pathname)
  )
}
