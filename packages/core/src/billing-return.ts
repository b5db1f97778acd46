/**
 * The query parameter the server adds to the portal's and Checkout's return URLs: when the visit began,
 * in epoch milliseconds (`?billing_return=1796152508167`). Older return URLs carried `1`.
 */
export const billingReturnParam = 'billing_return'

/** The query parameter of `POST /sync` that carries that visit time back to the server (`/sync?visited_at=<ms>`). */
export const syncVisitedAtParam = 'visited_at'

/** The visit time of a `billing_return` value, in epoch ms; null for the older `1`, or anything else that is not a timestamp. */
export function parseBillingReturnTime(marker: string): number | null {
  return /^\d{12,}$/.test(marker) ? Number(marker) : null
}
