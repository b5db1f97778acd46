import type { Billing } from '../create-billing.js'

/**
 * The route handlers of `app/api/billing/[...route]/route.ts`:
 * `export const { GET, POST } = toNextJsHandler(billing)`.
 */
export function toNextJsHandler(billing: Pick<Billing, 'handler'>): {
  GET: (req: Request) => Promise<Response>
  POST: (req: Request) => Promise<Response>
  HEAD: (req: Request) => Promise<Response>
} {
  const handle = (req: Request) => billing.handler(req)
  return { GET: handle, POST: handle, HEAD: handle }
}
