import { resolveBillingMessages } from '../messages/billing-catalogs.js'
import type { BillingMessages } from '../messages/en.js'

/** The words of the story's locale, so a play function finds and checks them in every locale. */
export function storyMessages(globals: Record<string, unknown>): BillingMessages {
  return resolveBillingMessages(String(globals.locale ?? 'en'))
}
