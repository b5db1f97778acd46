import type { Emulator } from '../emulator.js'
import type { Params } from './params.js'

export type HttpMethod = 'GET' | 'POST' | 'DELETE'

export interface ApiRequest {
  method: HttpMethod
  /** Path without the query string, e.g. `/v1/customers/cus_123`. */
  path: string
  /** Named segments of the route pattern, e.g. `{ id: 'cus_123' }`. */
  pathParams: Record<string, string>
  /** Form body for POST, query string for GET and DELETE. */
  params: Params
  emulator: Emulator
}

/** A handler returns the JSON object to send with status 200, or throws a `StripeApiError`. */
export type ApiHandler = (req: ApiRequest) => object

export interface ApiRoute {
  method: HttpMethod
  /** `/v1/customers/:id`; `:name` matches one path segment. */
  pattern: string
  handler: ApiHandler
}

interface CompiledRoute extends ApiRoute {
  regex: RegExp
  names: string[]
}

export class ApiRouter {
  private readonly routes: CompiledRoute[] = []

  add(...routes: ApiRoute[]): this {
    for (const route of routes) {
      const names: string[] = []
      const source = route.pattern.replace(/:([a-zA-Z_]+)/g, (_, name: string) => {
        names.push(name)
        return '([^/]+)'
      })
      this.routes.push({ ...route, regex: new RegExp(`^${source}$`), names })
    }
    return this
  }

  match(method: string, path: string): { route: ApiRoute; pathParams: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue
      const m = route.regex.exec(path)
      if (!m) continue
      const pathParams: Record<string, string> = {}
      route.names.forEach((name, i) => {
        pathParams[name] = decodePathSegment(m[i + 1] ?? '')
      })
      return { route, pathParams }
    }
    return undefined
  }
}

/** Percent-decodes a path segment; a malformed escape (`%zz`) is kept as written rather than failing the request. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
