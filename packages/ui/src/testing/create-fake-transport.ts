import type { BillingStatus } from '@portal-kit/core'
import { BillingRequestError } from '../billing-request-error.js'
import type { BillingTransport, CheckoutRequest, OpenPortalRequest, StatusResponse } from '../billing-transport.js'

/** What one endpoint answers: a value, an error to reject with, or `'pending'` to never settle (until aborted). */
export type FakeAnswer<T> = T | BillingRequestError | 'pending'

export interface FakeTransportOptions {
  /** The server's current status; `GET /status` answers it with an ETag of its version. */
  status?: FakeAnswer<BillingStatus>
  /** `POST /portal`; a function sees each request. Default `{ url: 'https://billing.stripe.com/p/session/test' }`. */
  portal?: FakeAnswer<{ url: string }> | ((request: OpenPortalRequest) => FakeAnswer<{ url: string }>)
  /** `POST /checkout`; a function sees each request. Default `{ url: 'https://checkout.stripe.com/c/pay/test' }`. */
  checkout?: FakeAnswer<{ url: string }> | ((request: CheckoutRequest) => FakeAnswer<{ url: string }>)
  /** `POST /sync`; default answers the current status. */
  sync?: FakeAnswer<BillingStatus>
  /** Delay of every answer, in milliseconds; default 0. */
  latencyMs?: number
}

export interface FakeBillingTransport extends BillingTransport {
  /** Every call, in order, for assertions. */
  readonly calls: {
    getStatus: Array<{ etag: string | null }>
    openPortal: OpenPortalRequest[]
    checkout: CheckoutRequest[]
    sync: number
    /** The `visitedAt` of each `sync` call (null when none was given). */
    syncVisitedAt: Array<number | null>
  }
  /** Changes what the endpoints answer from now on (for example, the status after a webhook lands). */
  update(options: Partial<FakeTransportOptions>): void
}

/** An in-memory stand-in for the billing endpoints, for tests and stories: no server, no network. */
export function createFakeTransport(initial: FakeTransportOptions = {}): FakeBillingTransport {
  const options: FakeTransportOptions = { ...initial }
  const calls: FakeBillingTransport['calls'] = {
    getStatus: [],
    openPortal: [],
    checkout: [],
    sync: 0,
    syncVisitedAt: [],
  }

  function answer<T>(value: FakeAnswer<T> | undefined, signal: AbortSignal | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const abort = () => reject(new DOMException('The operation was aborted.', 'AbortError'))
      if (signal?.aborted) return abort()
      signal?.addEventListener('abort', abort, { once: true })
      if (value === 'pending' || value === undefined) return
      const settle = () => (value instanceof BillingRequestError ? reject(value) : resolve(value))
      if (options.latencyMs) setTimeout(settle, options.latencyMs)
      else queueMicrotask(settle)
    })
  }

  return {
    calls,
    update(next) {
      Object.assign(options, next)
    },
    async getStatus({ etag = null, signal } = {}): Promise<StatusResponse> {
      calls.getStatus.push({ etag })
      const status = await answer(options.status, signal)
      const current = `"${status.version}"`
      return etag === current ? { notModified: true } : { notModified: false, status, etag: current }
    },
    openPortal(request, { signal } = {}) {
      calls.openPortal.push(request)
      const portal = options.portal ?? { url: 'https://billing.stripe.com/p/session/test' }
      return answer(typeof portal === 'function' ? portal(request) : portal, signal)
    },
    checkout(request, { signal } = {}) {
      calls.checkout.push(request)
      const checkout = options.checkout ?? { url: 'https://checkout.stripe.com/c/pay/test' }
      return answer(typeof checkout === 'function' ? checkout(request) : checkout, signal)
    },
    sync({ signal, visitedAt = null } = {}) {
      calls.sync += 1
      calls.syncVisitedAt.push(visitedAt)
      return answer(options.sync ?? options.status, signal)
    },
  }
}
