import { describe, expect, it } from 'vitest'
import { acceptedLanguages, resolvePageLocale } from './page-locale.js'

describe('resolvePageLocale', () => {
  it('uses a named session locale, keeping its region for dates and money', () => {
    const locale = resolvePageLocale({ locale: 'en-GB', acceptLanguage: 'de' })
    expect(locale.lang).toBe('en-GB')
    expect(locale.t.overview.title).toBe('Billing')
    expect(locale.format.date(Date.UTC(2026, 5, 5) / 1000)).toBe('5 June 2026')
  })

  it('renders every supported language from its own catalog', () => {
    const titles = ['en', 'de', 'fr', 'es', 'pl'].map((lang) => resolvePageLocale({ locale: lang }).t.overview.title)
    expect(titles).toEqual(['Billing', 'Abrechnung', 'Facturation', 'Facturación', 'Rozliczenia'])
  })

  it('words recurring prices in the language', () => {
    const price = { unit_amount: 2000, currency: 'eur', recurring: { interval: 'month', interval_count: 1 } }
    const yearly = { unit_amount: 20000, currency: 'eur', recurring: { interval: 'year', interval_count: 2 } }
    const de = resolvePageLocale({ locale: 'de' }).format
    // Intl puts a no-break space between the amount and the currency sign.
    expect(de.price(price as never)).toMatch(/^20,00\s€ pro Monat$/)
    expect(de.price(yearly as never)).toMatch(/^200,00\s€ alle 2 Jahre$/)
    expect(resolvePageLocale({ locale: 'fr' }).format.price(price as never)).toMatch(/^20,00\s€ par mois$/)
  })

  it('resolves auto from the customer’s preferred locales first, then the browser', () => {
    expect(resolvePageLocale({ locale: 'auto', preferredLocales: ['pl'], acceptLanguage: 'de' }).lang).toBe('pl')
    expect(resolvePageLocale({ locale: 'auto', preferredLocales: [], acceptLanguage: 'ja, de-AT;q=0.8' }).lang).toBe(
      'de-AT',
    )
    expect(resolvePageLocale({ locale: null, acceptLanguage: 'es-419,es;q=0.9' }).t.overview.title).toBe('Facturación')
  })

  it('falls back to English as a whole for a language without a catalog or no hint at all', () => {
    const japanese = resolvePageLocale({ locale: 'ja', acceptLanguage: 'de' })
    expect(japanese.lang).toBe('en')
    expect(japanese.t.overview.title).toBe('Billing')
    expect(resolvePageLocale({ locale: 'auto', acceptLanguage: 'ja,zh;q=0.5' }).lang).toBe('en')
    expect(resolvePageLocale({}).lang).toBe('en')
  })
})

describe('acceptedLanguages', () => {
  it('orders by quality and drops the wildcard, q=0 and broken entries', () => {
    expect(acceptedLanguages('fr;q=0.5, de-CH, en;q=0.9, *;q=0.1, pl;q=0')).toEqual(['de-CH', 'en', 'fr'])
    expect(acceptedLanguages(undefined)).toEqual([])
    expect(acceptedLanguages(' , ;q=1')).toEqual([])
  })
})
