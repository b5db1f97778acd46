import type { Emulator } from '../emulator.js'
import type { FormObject } from '../http/decode-form.js'

export interface PageRequest {
  method: 'GET' | 'POST'
  path: string
  query: URLSearchParams
  /** Decoded form body of a POST (`application/x-www-form-urlencoded`). */
  form: FormObject
  pathParams: Record<string, string>
  /** The browser's `Accept-Language`, for sessions whose locale is `auto`. */
  acceptLanguage?: string | undefined
  emulator: Emulator
}

export type PageResponse =
  | { status?: number; html: string }
  | { redirect: string }
  | { status?: number; contentType: string; body: string | Uint8Array; headers?: Record<string, string> }

export type PageHandler = (req: PageRequest) => PageResponse | Promise<PageResponse>

export interface PageRoute {
  method: 'GET' | 'POST'
  /** `/p/session/:id`; `:name` matches one path segment. */
  pattern: string
  handler: PageHandler
}
