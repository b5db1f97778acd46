import { catalogLanguage } from '../messages/billing-catalogs.js'
import { de } from '../messages/de.js'
import { type BillingMessages, en } from '../messages/en.js'
import { es } from '../messages/es.js'
import { fr } from '../messages/fr.js'
import { pl } from '../messages/pl.js'

// Stories import every catalog up front, as a server component passes one to the provider, so a
// story renders in its locale from the first frame and its play function finds those words.
const catalogs: Readonly<Record<string, BillingMessages>> = { en, de, es, fr, pl }

/** The words of the story's locale, so a play function finds and checks them in every locale. */
export function storyMessages(globals: Record<string, unknown>): BillingMessages {
  return catalogs[catalogLanguage(String(globals.locale ?? 'en'))] ?? en
}
