import type { BillingMessages } from './messages/en.js'

export interface BillingFormatter {
  locale: string
  /** The words this formatter knows: the provider's, or those plus a component's English defaults. */
  messages: Partial<BillingMessages>
  /** A message with its `{placeholders}` filled in; a word no catalog holds reads as its key. */
  t(key: keyof BillingMessages, values?: Record<string, string | number>): string
  /** An ISO time as a long date in the locale ("December 1, 2026"); empty for null. */
  date(iso: string | null): string
  /** An amount in the currency's minor unit (Stripe's cents) as money in the locale. */
  money(amount: number, currency: string): string
  /** This formatter over `defaults`: the provider's words win, `defaults` fill the keys they lack. */
  withDefaults(defaults: Partial<BillingMessages>): BillingFormatter
}

export function createBillingFormatter(
  locale: string,
  messages: Partial<BillingMessages>,
  timeZone?: string,
): BillingFormatter {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone })
  return {
    locale,
    messages,
    t(key, values) {
      const template = messages[key] ?? key
      if (!values) return template
      return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.hasOwn(values, name) ? String(values[name]) : whole,
      )
    },
    date(iso) {
      if (!iso) return ''
      const time = Date.parse(iso)
      return Number.isNaN(time) ? '' : dates.format(time)
    },
    money(amount, currency) {
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() })
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2
      return format.format(amount / 10 ** digits)
    },
    withDefaults(defaults) {
      return createBillingFormatter(locale, { ...defaults, ...messages }, timeZone)
    },
  }
}
