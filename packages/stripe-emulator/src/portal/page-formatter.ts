import type Stripe from 'stripe'
import { formatMoney } from '../billing/format-money.js'

export interface PageFormatter {
  /** BCP 47 tag for `<html lang>`. */
  lang: string
  /** `1999, 'usd'` → `$19.99` in the page's locale. */
  money(amount: number, currency: string): string
  /** Unix seconds → a long date (`June 5, 2026`), in UTC so pages do not depend on the server's zone. */
  date(unixSeconds: number): string
  /** Unix seconds → a short date (`Jun 5, 2026`), for tables and periods. */
  shortDate(unixSeconds: number): string
  /** `$20.00 per month`, `€200.00 every 3 months`, or a one-time amount. */
  price(price: Stripe.Price): string
}

/** How a language words a recurring amount: `(amount, 'month', 1)` → `$20.00 per month`. */
export type RecurringPhrase = (amount: string, interval: 'day' | 'week' | 'month' | 'year', count: number) => string

/** Money and date formatting for hosted pages in a resolved language (`lang` is a canonical BCP 47 tag). */
export function createPageFormatter(lang: string, recurring: RecurringPhrase): PageFormatter {
  const money = (amount: number, currency: string) => formatMoney(amount, currency, lang)
  const dates = (style: 'long' | 'medium') => new Intl.DateTimeFormat(lang, { dateStyle: style, timeZone: 'UTC' })
  const long = dates('long')
  const medium = dates('medium')
  return {
    lang,
    money,
    date: (unixSeconds) => long.format(new Date(unixSeconds * 1000)),
    shortDate: (unixSeconds) => medium.format(new Date(unixSeconds * 1000)),
    price: (price) => {
      const amount = money(price.unit_amount ?? 0, price.currency)
      if (!price.recurring) return amount
      const { interval, interval_count: count } = price.recurring
      return recurring(amount, interval as 'day' | 'week' | 'month' | 'year', count)
    },
  }
}
