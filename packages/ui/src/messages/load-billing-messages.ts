import { catalogLanguage, loadCatalog } from './billing-catalogs.js'
import { type BillingMessages, en } from './en.js'

/**
 * The shipped catalog for a BCP 47 locale (`de-AT` -> German, English when none ships), loaded on
 * demand, then the overrides. A server component passes the result to `<BillingProvider messages>`
 * so a page in another language is rendered in it on the server, with no English first.
 */
export async function loadBillingMessages(
  locale: string,
  overrides?: Partial<BillingMessages>,
): Promise<BillingMessages> {
  const language = catalogLanguage(locale)
  const catalog = language === 'en' ? en : await loadCatalog(language)
  return overrides ? { ...catalog, ...overrides } : catalog
}
