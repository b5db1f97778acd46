/**
 * The origins the app is served from: `appUrl` when configured (behind a proxy the request URL
 * may be internal), else the request's own origin, plus any `allowedOrigins`.
 */
export function appOrigins(req: Request, appUrl: string | undefined, allowedOrigins: readonly string[] = []): string[] {
  const primary = appUrl ? new URL(appUrl).origin : new URL(req.url).origin
  return [primary, ...allowedOrigins.map((o) => new URL(o).origin)]
}
