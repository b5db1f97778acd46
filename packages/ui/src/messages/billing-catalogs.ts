import type { BillingMessages } from './en.js'

// English is inline (its words come with the components that render them); each other catalog is a
// module of its own that the host's bundler splits off, loaded the first time a provider needs it.
const catalogLoaders: Readonly<Record<string, () => Promise<BillingMessages>>> = {
  de: () => import('./de.js').then((module) => module.de),
  es: () => import('./es.js').then((module) => module.es),
  fr: () => import('./fr.js').then((module) => module.fr),
  pl: () => import('./pl.js').then((module) => module.pl),
}

/** How many messages a whole catalog holds (a test checks it against `en`): overrides with as many need no load. */
export const billingMessageCount = 60

const loaded = new Map<string, BillingMessages>()
const loading = new Map<string, Promise<BillingMessages>>()

/** The language whose catalog a BCP 47 locale uses (`de-AT` -> `de`); `en` when none ships. */
export function catalogLanguage(locale: string): string {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? 'en'
  return Object.hasOwn(catalogLoaders, language) ? language : 'en'
}

/** The catalog of a language if this page (or server process) has loaded it already. */
export function loadedCatalog(language: string): BillingMessages | undefined {
  return loaded.get(language)
}

/**
 * Loads the catalog of a language `catalogLanguage` returned, other than `en`, once; a failed load (a
 * chunk the network lost) is tried again next time.
 */
export function loadCatalog(language: string): Promise<BillingMessages> {
  let pending = loading.get(language)
  const load = catalogLoaders[language]
  if (!load) return Promise.reject(new Error(`No catalog to load for "${language}"`))
  if (!pending) {
    pending = load().then((catalog) => {
      loaded.set(language, catalog)
      return catalog
    })
    pending.catch(() => loading.delete(language))
    loading.set(language, pending)
  }
  return pending
}
