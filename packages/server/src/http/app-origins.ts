import { requestOrigin } from './request-origin.js'

/**
 * The origins the app is served from: its own (see `requestOrigin`) first, then any `allowedOrigins`.
 */
export function appOrigins(req: Request, appUrl: string | undefined, allowedOrigins: readonly string[] = []): string[] {
  return [requestOrigin(req, appUrl), ...allowedOrigins.map((o) => new URL(o).origin)]
}
