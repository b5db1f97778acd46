import type Stripe from 'stripe'
import { formatMoney } from '../billing/format-money.js'

export interface PageFormatter {
  /** BCP 47 tag for `<html lang>`. */
  lang: string
  /** `1999, 'usd'` → `$19.99` in the page's locale. */
  money(amount: number, currency: string): string
  /** Unix seconds → a long date (`June 5, 2026`), in UTC so pages do not depend on the server's zone. */
  date(unixSeconds: number): string
  /** `$20.00 per month`, `€200.00 every 3 months`, or a one-time amount. */
  price(price: Stripe.Price): string
}

/**
 * Money and date formatting for hosted pages in a session's locale (`auto` and unknown locales
 * fall back to English).
 */
export function createPageFormatter(locale: string | null | undefined, preferredLocales: string[] = []): PageFormatter {
  const lang = resolveLocale(locale, preferredLocales)
  const money = (amount: number, currency: string) => formatMoney(amount, currency, lang)
  return {
    lang,
    money,
    date: (unixSeconds) =>
      new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(unixSeconds * 1000)),
    price: (price) => {
      const amount = money(price.unit_amount ?? 0, price.currency)
      if (!price.recurring) return amount
      const { interval, interval_count: count } = price.recurring
      return count === 1 ? `${amount} per ${interval}` : `${amount} every ${count} ${interval}s`
    },
  }
}

function resolveLocale(locale: string | null | undefined, preferredLocales: string[]): string {
  const candidates = locale && locale !== 'auto' ? [locale] : preferredLocales
  for (const candidate of candidates) {
    try {
      const [canonical] = Intl.getCanonicalLocales(candidate)
      if (canonical) return canonical
    } catch {
      // not a valid BCP 47 tag: try the next one
    }
  }
  return 'en'
}
