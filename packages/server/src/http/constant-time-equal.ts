/** Compares secrets without leaking, through timing, how much of them matched. Web-standard (no node:crypto). */
export function constantTimeEqual(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given)
  const b = new TextEncoder().encode(expected)
  let diff = a.length ^ b.length
  for (let i = 0; i < b.length; i++) diff |= (a[i % Math.max(a.length, 1)] ?? 0) ^ (b[i] ?? 0)
  return diff === 0 && a.length === b.length
}
