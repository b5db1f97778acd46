import { BillingError } from '../errors.js'

/**
 * Turns a return path or URL into an absolute URL on one of the app's origins, marked with
 * `billing_return=<visitedAt>` (epoch ms) when given, so the page knows to sync and can tell
 * whether the status it rendered is already newer than the visit. Anything off-origin is refused (403), so a portal
 * session can never send a customer to another site.
 */
export function resolveReturnUrl(
  returnPath: string,
  origins: readonly string[],
  options: { visitedAt?: number } = {},
): string {
  const base = origins[0] as string
  // Backslashes and protocol-relative forms are how open redirects sneak past "starts with /".
  if (/^[\\/]{2}/.test(returnPath) || returnPath.includes('\\')) {
    throw new BillingError('invalid_return_url', 'The return URL must be a path on this site.')
  }
  let url: URL
  try {
    url = new URL(returnPath, base)
  } catch {
    throw new BillingError('invalid_return_url', 'The return URL is not a valid URL.')
  }
  if (!origins.includes(url.origin) || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new BillingError('invalid_return_url', 'The return URL must be on this site or an allowed origin.')
  }
  if (options.visitedAt !== undefined) url.searchParams.set('billing_return', String(options.visitedAt))
  return url.toString()
}
