import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Emulator } from '../emulator.js'
import { decodeForm, type FormObject } from '../http/decode-form.js'
import { readBody } from '../http/read-body.js'
import { decodePathSegment } from '../http/router.js'
import type { PageRoute } from '../pages/page-router.js'
import { renderErrorPage } from '../pages/render-error-page.js'

/** Serves hosted HTML pages (checkout, portal, invoices) and the `/_emulator/*` control endpoints. */
export async function handlePageRequest(
  emulator: Emulator,
  routes: PageRoute[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const method = (req.method ?? 'GET').toUpperCase()
  for (const route of routes) {
    if (route.method !== method) continue
    const pathParams = matchPattern(route.pattern, url.pathname)
    if (!pathParams) continue
    try {
      const contentType = req.headers['content-type'] ?? ''
      const raw = method === 'POST' ? await readBody(req) : ''
      const form = contentType.includes('application/json') ? parseJsonObject(raw) : decodeForm(raw)
      const result = await route.handler({
        method: method as 'GET' | 'POST',
        path: url.pathname,
        query: url.searchParams,
        form,
        pathParams,
        acceptLanguage: req.headers['accept-language'],
        emulator,
      })
      if (method === 'POST') emulator.changed()
      if ('redirect' in result) {
        res.writeHead(303, { location: result.redirect })
        res.end()
      } else if ('html' in result) {
        res.writeHead(result.status ?? 200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action *",
        })
        res.end(result.html)
      } else {
        res.writeHead(result.status ?? 200, { 'content-type': result.contentType, ...result.headers })
        res.end(result.body)
      }
    } catch (error) {
      const status =
        typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500
      if (status >= 500) console.error('[stripe-emulator] page error', error)
      const message = error instanceof Error ? error.message : 'Something went wrong.'
      if (url.pathname.startsWith('/_emulator/')) {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { message } }))
      } else {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
        res.end(renderErrorPage(emulator, status, message))
      }
    }
    return true
  }
  return false
}

class BadRequestError extends Error {
  readonly status = 400
}

/** JSON bodies (the `/_emulator/*` controls) must be one JSON object; anything else is the client's mistake. */
function parseJsonObject(raw: string): FormObject {
  let value: unknown
  try {
    value = JSON.parse(raw || '{}')
  } catch {
    throw new BadRequestError('The request body is not valid JSON.')
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequestError('The JSON body must be an object.')
  }
  return value as FormObject
}

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = []
  const source = pattern.replace(/:([a-zA-Z_]+)/g, (_, name: string) => {
    names.push(name)
    return '([^/]+)'
  })
  const m = new RegExp(`^${source}$`).exec(path)
  if (!m) return undefined
  const out: Record<string, string> = {}
  names.forEach((name, i) => {
    out[name] = decodePathSegment(m[i + 1] ?? '')
  })
  return out
}
