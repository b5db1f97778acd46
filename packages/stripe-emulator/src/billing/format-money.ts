/** Currencies Stripe counts in whole units (no cents), which differs from ISO 4217 in places. */
const zeroDecimalCurrencies = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
])

/** An amount in the currency's smallest unit as people read it: `formatMoney(2000, 'usd')` → `$20.00`. */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const code = currency.toUpperCase()
  const major = zeroDecimalCurrencies.has(currency.toLowerCase()) ? amount : amount / 100
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(major)
  } catch {
    return `${major.toFixed(2)} ${code}`
  }
}

/** `month`, `3 months`: how Stripe words an interval in line descriptions. */
export function formatInterval(interval: string, count: number): string {
  return count === 1 ? interval : `${count} ${interval}s`
}
