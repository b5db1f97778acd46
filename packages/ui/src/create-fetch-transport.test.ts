import { describe, expect, it } from 'vitest'
import { createFetchTransport } from './create-fetch-transport.js'
import { billingStatuses } from './stories/billing-statuses.js'

/** A fetch that hands each call to a Web-standard handler, as the server's route would receive it. */
function serve(handler: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = []
  const fetch = async (input: string, init: RequestInit) => {
    const request = new Request(new URL(input, 'https://app.example'), init)
    requests.push(request.clone())
    return handler(request)
  }
  return { fetch, requests }
}

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { ...init, headers: { 'content-type': 'application/json', ...init.headers } })

describe('given GET status', () => {
  it('reads the status and its ETag, then sends If-None-Match and reports a 304 as not modified', async () => {
    const status = billingStatuses.active
    const server = serve((request) =>
      request.headers.get('if-none-match') === '"v1"'
        ? new Response(null, { status: 304 })
        : json(status, { headers: { etag: '"v1"' } }),
    )
    const transport = createFetchTransport({ basePath: '/api/billing/', fetch: server.fetch })
    expect(await transport.getStatus()).toEqual({ notModified: false, status, etag: '"v1"' })
    expect(await transport.getStatus({ etag: '"v1"' })).toEqual({ notModified: true })
    expect(server.requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([
      ['GET', '/api/billing/status'],
      ['GET', '/api/billing/status'],
    ])
  })
})

describe('given POST portal', () => {
  it('posts the flow as JSON and returns the session URL', async () => {
    const server = serve(() => json({ url: 'https://billing.stripe.com/p/session/x' }))
    const transport = createFetchTransport({ fetch: server.fetch })
    const session = await transport.openPortal({
      flow: 'subscription_cancel',
      subscriptionId: 'sub_1',
      returnPath: '/s',
    })
    expect(session).toEqual({ url: 'https://billing.stripe.com/p/session/x' })
    const [request] = server.requests
    expect(request?.method).toBe('POST')
    expect(new URL(request!.url).pathname).toBe('/api/billing/portal')
    expect(request?.headers.get('content-type')).toBe('application/json')
    expect(await request?.json()).toEqual({ flow: 'subscription_cancel', subscriptionId: 'sub_1', returnPath: '/s' })
  })

  it('rejects with the server error code and status', async () => {
    const server = serve(() =>
      json({ error: { code: 'foreign_subscription', message: 'Not your subscription' } }, { status: 403 }),
    )
    const transport = createFetchTransport({ fetch: server.fetch })
    await expect(transport.openPortal({ subscriptionId: 'sub_other' })).rejects.toMatchObject({
      name: 'BillingRequestError',
      code: 'foreign_subscription',
      status: 403,
      message: 'Not your subscription',
    })
  })

  it('rejects with invalid_response when an error body is not the error contract', async () => {
    const server = serve(() => new Response('<html>Bad gateway</html>', { status: 502 }))
    const transport = createFetchTransport({ fetch: server.fetch })
    await expect(transport.openPortal({})).rejects.toMatchObject({ code: 'invalid_response', status: 502 })
  })

  it('rejects with network_error when the request never gets an answer', async () => {
    const transport = createFetchTransport({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    })
    await expect(transport.openPortal({})).rejects.toMatchObject({ code: 'network_error', status: null })
  })
})

describe('given POST sync', () => {
  it('returns the fresh status', async () => {
    const status = billingStatuses.cancelingByFlag
    const server = serve((request) => (request.method === 'POST' ? json(status) : json({}, { status: 405 })))
    const transport = createFetchTransport({ fetch: server.fetch })
    expect(await transport.sync()).toEqual(status)
    expect(new URL(server.requests[0]!.url).pathname).toBe('/api/billing/sync')
    expect(new URL(server.requests[0]!.url).search).toBe('')
  })

  it('sends the visit time of a return, so the server can answer a sync the page already made', async () => {
    const server = serve(() => json(billingStatuses.cancelingByFlag))
    const transport = createFetchTransport({ fetch: server.fetch })
    await transport.sync({ visitedAt: 1796152508167 })
    expect(new URL(server.requests[0]!.url).searchParams.get('visited_at')).toBe('1796152508167')
  })
})

describe('given POST checkout', () => {
  it('posts the price as JSON and returns the Checkout session URL', async () => {
    const server = serve(() => json({ url: 'https://checkout.stripe.com/c/pay/cs_x' }))
    const transport = createFetchTransport({ basePath: '/billing', fetch: server.fetch })
    const session = await transport.checkout({ priceId: 'price_pro_monthly' })
    expect(session).toEqual({ url: 'https://checkout.stripe.com/c/pay/cs_x' })
    const [request] = server.requests
    expect(request?.method).toBe('POST')
    expect(new URL(request!.url).pathname).toBe('/billing/checkout')
    expect(request?.headers.get('content-type')).toBe('application/json')
    expect(await request?.json()).toEqual({ priceId: 'price_pro_monthly' })
  })

  it('rejects with the server error code, such as already_subscribed', async () => {
    const server = serve(() =>
      json({ error: { code: 'already_subscribed', message: 'Already subscribed' } }, { status: 409 }),
    )
    const transport = createFetchTransport({ fetch: server.fetch })
    await expect(transport.checkout({ priceId: 'price_pro_monthly' })).rejects.toMatchObject({
      code: 'already_subscribed',
      status: 409,
    })
  })
})
