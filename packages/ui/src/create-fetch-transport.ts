import { type BillingStatus, parseBillingError, syncVisitedAtParam } from '@portal-kit/core'
import { trimBasePath } from './billing-base-path.js'
import { BillingRequestError } from './billing-request-error.js'
import type { BillingTransport, CheckoutRequest, OpenPortalRequest, StatusResponse } from './billing-transport.js'

export interface FetchTransportOptions {
  /** Where the server's catch-all billing route is mounted. Default `/api/billing`. */
  basePath?: string
  /** A fetch to use instead of the global one (a custom agent, auth headers, tests). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>
}

export const defaultBasePath = '/api/billing'

/** The transport that talks to `@portal-kit/server` (or any server with the same endpoints) over fetch. */
export function createFetchTransport(options: FetchTransportOptions = {}): BillingTransport {
  const basePath = trimBasePath(options.basePath ?? defaultBasePath)
  const send = options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init))

  async function request(path: string, init: RequestInit): Promise<Response> {
    let response: Response
    try {
      response = await send(`${basePath}${path}`, {
        credentials: 'same-origin',
        cache: 'no-store',
        ...init,
        headers: { accept: 'application/json', ...init.headers },
      })
    } catch (error) {
      if (init.signal?.aborted) throw error
      throw new BillingRequestError('network_error', error instanceof Error ? error.message : 'Network request failed')
    }
    if (response.ok || response.status === 304) return response
    const body: unknown = await response.json().catch(() => null)
    const parsed = parseBillingError(body)
    if (parsed) throw new BillingRequestError(parsed.code, parsed.message, response.status)
    throw new BillingRequestError('invalid_response', `Unexpected ${response.status} from ${path}`, response.status)
  }

  /** The JSON body, which must carry the named string fields (`url`; a status's `version` and `access`). */
  async function readJson<T>(response: Response, path: string, ...fields: string[]): Promise<T> {
    const body: unknown = await response.json().catch(() => null)
    if (
      typeof body !== 'object' ||
      body === null ||
      fields.some((field) => typeof Reflect.get(body, field) !== 'string')
    )
      throw new BillingRequestError('invalid_response', `Unexpected body from ${path}`, response.status)
    return body as T
  }

  /** `/portal` and `/checkout` both take a JSON body and answer the Stripe URL to go to. */
  async function createSession(path: string, body: object, signal: AbortSignal | undefined) {
    const response = await request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    })
    return readJson<{ url: string }>(response, path, 'url')
  }

  return {
    async getStatus({ etag, signal } = {}): Promise<StatusResponse> {
      const response = await request('/status', {
        method: 'GET',
        headers: etag ? { 'if-none-match': etag } : {},
        signal,
      })
      if (response.status === 304) return { notModified: true }
      const status = await readJson<BillingStatus>(response, '/status', 'version', 'access')
      return { notModified: false, status, etag: response.headers.get('etag') }
    },
    openPortal: (body: OpenPortalRequest, { signal } = {}) => createSession('/portal', body, signal),
    checkout: (body: CheckoutRequest, { signal } = {}) => createSession('/checkout', body, signal),
    async sync({ signal, visitedAt } = {}) {
      const path = typeof visitedAt === 'number' ? `/sync?${syncVisitedAtParam}=${visitedAt}` : '/sync'
      const response = await request(path, { method: 'POST', signal })
      return readJson<BillingStatus>(response, '/sync', 'version', 'access')
    },
  }
}
