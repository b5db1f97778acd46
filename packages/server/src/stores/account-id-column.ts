/**
 * Postgres text cannot hold NUL, and an account id can be any string. An id with a NUL, or one
 * that starts with U+0001, is stored as U+0001 and the hex of its UTF-8 bytes; every other id is
 * stored as it is, so the mapping is one-to-one and leaves ordinary ids readable.
 */
export function accountIdToColumn(accountId: string): string
export function accountIdToColumn(accountId: string | null): string | null
export function accountIdToColumn(accountId: string | null): string | null {
  if (accountId === null || (!accountId.includes('\u0000') && !accountId.startsWith('\u0001'))) return accountId
  return `\u0001${Array.from(new TextEncoder().encode(accountId), (b) => b.toString(16).padStart(2, '0')).join('')}`
}

export function accountIdFromColumn(value: string | null): string | null {
  if (value === null || !value.startsWith('\u0001')) return value
  const hex = value.slice(1).match(/../g) ?? []
  return new TextDecoder().decode(new Uint8Array(hex.map((h) => Number.parseInt(h, 16))))
}
