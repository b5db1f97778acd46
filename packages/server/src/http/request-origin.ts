/** The headers and URL an origin is read from: a route handler's `Request`, or a server action's headers alone. */
export interface OriginSource {
  headers: Headers
  /** The request URL; a server action has none. */
  url?: string
}

/**
 * The origin the app is served at, derived one way for route handlers and server actions:
 * `appUrl` (default `APP_URL`), else the first `x-forwarded-proto`/`x-forwarded-host`, else the
 * `Host` header, else the request URL. `next start` puts `localhost` in `req.url` whatever the
 * browser used, so the URL alone would refuse a page opened at 127.0.0.1.
 */
export function requestOrigin(source: OriginSource, appUrl: string | undefined = envAppUrl()): string {
  if (appUrl) return new URL(appUrl).origin
  const url = source.url ? new URL(source.url) : undefined
  const host = firstValue(source.headers.get('x-forwarded-host')) ?? firstValue(source.headers.get('host'))
  const proto =
    firstValue(source.headers.get('x-forwarded-proto'))?.replace(/:$/, '') ??
    url?.protocol.replace(/:$/, '') ??
    (host && isLocalHost(host) ? 'http' : 'https')
  if (host && /^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/i.test(host) && /^https?$/.test(proto)) {
    return new URL(`${proto}://${host}`).origin
  }
  return url ? url.origin : 'http://localhost'
}

/** A stand-in `Request` for a server action, on the origin `requestOrigin` derives from its headers. */
export function requestFromHeaders(headers: Headers, appUrl?: string): Request {
  return new Request(`${requestOrigin({ headers }, appUrl)}/`, { headers })
}

function envAppUrl(): string | undefined {
  return globalThis.process?.env?.APP_URL || undefined
}

function firstValue(header: string | null): string | undefined {
  return header?.split(',')[0]?.trim() || undefined
}

function isLocalHost(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(host)
}
