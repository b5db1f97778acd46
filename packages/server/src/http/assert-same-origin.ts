import { BillingError } from '../errors.js'

/**
 * Refuses cross-site browser POSTs: an `Origin` outside the app's origins, or a `Sec-Fetch-Site`
 * other than same-origin / none. Requests with neither header (servers, CLIs) are not browsers
 * carrying a user's cookies, so they pass.
 */
export function assertSameOrigin(req: Request, origins: readonly string[]): void {
  const origin = req.headers.get('origin')
  if (origin && !origins.includes(origin)) {
    // Says what it saw and expected: a wrong guess of the app's origin is fixed by setting APP_URL.
    throw new BillingError(
      'cross_site_request',
      `This request came from ${origin} but the app's origin is ${origins[0]}. If the app is served at ${origin}, set APP_URL (or allowedOrigins).`,
    )
  }
  const site = req.headers.get('sec-fetch-site')
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new BillingError('cross_site_request', `Cross-site requests are not allowed (Sec-Fetch-Site: ${site}).`)
  }
}
