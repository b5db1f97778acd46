import { de } from './de.js'
import { type BillingMessages, en } from './en.js'
import { es } from './es.js'
import { fr } from './fr.js'
import { pl } from './pl.js'

/** The catalogs that ship, by language subtag. */
export const billingCatalogs: Readonly<Record<string, BillingMessages>> = { en, de, fr, es, pl }

/** The shipped catalog for a BCP 47 locale (`de-AT` -> German), English when none ships, then the overrides. */
export function resolveBillingMessages(locale: string, overrides?: Partial<BillingMessages>): BillingMessages {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? 'en'
  const catalog = billingCatalogs[language] ?? en
  return overrides ? { ...catalog, ...overrides } : catalog
}
