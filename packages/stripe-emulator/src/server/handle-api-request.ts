import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Emulator } from '../emulator.js'
import { decodeForm } from '../http/decode-form.js'
import { expandObject } from '../http/expand.js'
import { Params } from '../http/params.js'
import { readBody } from '../http/read-body.js'
import type { ApiRouter, HttpMethod } from '../http/router.js'
import { StripeApiError, unrecognizedUrl } from '../http/stripe-api-error.js'

/** Serves one `/v1/*` request: auth, params, idempotency replay, routing, `expand`, Stripe's error shape. */
export async function handleApiRequest(
  emulator: Emulator,
  router: ApiRouter,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const requestId = emulator.state.newId('req')
  const send = (status: number, body: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': requestId,
      'stripe-version': emulator.apiVersion,
      ...extra,
    })
    res.end(body)
  }
  try {
    authenticate(req.headers.authorization)
    const method = (req.method ?? 'GET').toUpperCase()
    const matched = router.match(method, url.pathname)
    if (!matched) throw unrecognizedUrl(method, url.pathname)
    const raw = method === 'POST' ? await readBody(req) : url.search.slice(1)
    const params = new Params(decodeForm(raw))

    const idempotencyKey = method === 'POST' ? headerValue(req.headers['idempotency-key']) : undefined
    const paramsHash = createHash('sha256').update(raw).digest('hex')
    if (idempotencyKey) {
      const previous = emulator.state.idempotency.get(idempotencyKey)
      if (previous) {
        if (previous.path !== url.pathname || previous.paramsHash !== paramsHash) {
          throw new StripeApiError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          )
        }
        send(previous.status, previous.body, { 'idempotent-replayed': 'true', 'idempotency-key': idempotencyKey })
        return
      }
    }

    let status = 200
    let body: string
    try {
      const result = emulator.webhooks.duringRequest({ id: requestId, idempotencyKey: idempotencyKey ?? null }, () =>
        matched.route.handler({
          method: method as HttpMethod,
          path: url.pathname,
          pathParams: matched.pathParams,
          params,
          emulator,
        }),
      )
      body = JSON.stringify(expandObject(result, params.expand(), emulator.state))
    } catch (error) {
      // Stripe caches errors under an idempotency key too, except server errors.
      if (!(error instanceof StripeApiError) || error.status >= 500) throw error
      status = error.status
      body = JSON.stringify(error.toJSON())
    }
    if (idempotencyKey) {
      emulator.state.idempotency.set(idempotencyKey, { method, path: url.pathname, paramsHash, status, body })
    }
    if (method !== 'GET') emulator.changed()
    send(status, body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {})
  } catch (error) {
    if (error instanceof StripeApiError) {
      send(error.status, JSON.stringify(error.toJSON()))
      return
    }
    console.error('[stripe-emulator] internal error', error)
    send(
      500,
      JSON.stringify(new StripeApiError(500, 'api_error', 'An unknown error occurred in the emulator.').toJSON()),
    )
  }
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h
}

/** The secret key from `Bearer sk_test_...`, or from Basic auth with the key as user name (`curl -u sk_test_...:`). */
function apiKey(header: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '')
  if (bearer) return bearer[1]
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '')
  if (!basic) return undefined
  const user = Buffer.from(basic[1] as string, 'base64')
    .toString('utf8')
    .split(':')[0]
  return user || undefined
}

function authenticate(header: string | undefined): void {
  const key = apiKey(header)
  if (!key) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    )
  }
  if (!/^(sk|rk)_test_\w+/.test(key)) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}. The emulator only accepts test mode keys (sk_test_...).`,
    )
  }
}
