import { createPageFormatter, type PageFormatter } from '../portal/page-formatter.js'
import { de } from './locales/de.js'
import { en, type PageMessages } from './locales/en.js'
import { es } from './locales/es.js'
import { fr } from './locales/fr.js'
import { pl } from './locales/pl.js'

/** Catalogs by primary language subtag; a region (`en-GB`, `es-419`) keeps its own date and number formats. */
const catalogs: Record<string, PageMessages> = { en, de, fr, es, pl }

export const pageLanguages = Object.keys(catalogs)

/** The language a hosted page renders in: its `<html lang>`, its text and its number and date formats. */
export interface PageLocale {
  lang: string
  t: PageMessages
  format: PageFormatter
}

/**
 * Resolves a session's `locale` as Stripe does: a named locale wins; `auto` (or none) uses the
 * customer's `preferred_locales`, then the browser's `Accept-Language`. A language without a catalog
 * falls back to English as a whole, so no page mixes English text with another language's dates.
 */
export function resolvePageLocale(input: {
  locale?: string | null | undefined
  preferredLocales?: string[] | null | undefined
  acceptLanguage?: string | null | undefined
}): PageLocale {
  const named = input.locale && input.locale !== 'auto' ? [input.locale] : null
  const candidates = named ?? [...(input.preferredLocales ?? []), ...acceptedLanguages(input.acceptLanguage)]
  for (const candidate of candidates) {
    const lang = canonical(candidate)
    const t = lang ? catalogs[lang.split('-')[0]?.toLowerCase() ?? ''] : undefined
    if (lang && t) return { lang, t, format: createPageFormatter(lang, t.price.recurring) }
  }
  return { lang: 'en', t: en, format: createPageFormatter('en', en.price.recurring) }
}

/** `de-CH,de;q=0.9,en;q=0.8` → `['de-CH', 'de', 'en']`, by descending quality, `*` and `q=0` dropped. */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return []
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
      return { tag: tag.trim(), quality: q === undefined ? 1 : Number(q), index }
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((entry) => entry.tag)
}

function canonical(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0]
  } catch {
    return undefined // not a BCP 47 tag: try the next one
  }
}
