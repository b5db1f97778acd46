/**
 * The `previous_attributes` of an `*.updated` event: the old value of every top-level key that
 * changed (nested objects compared by JSON, as Stripe reports the whole old sub-object).
 */
export function previousAttributes(before: object, after: object): Record<string, unknown> | undefined {
  const prev: Record<string, unknown> = {}
  const a = before as Record<string, unknown>
  const b = after as Record<string, unknown>
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) prev[key] = a[key] ?? null
  }
  return Object.keys(prev).length > 0 ? prev : undefined
}
