import type { StoredCheckoutSession } from '../checkout/checkout-session.js'
import type { StoredCustomer } from '../customers/customer.js'
import { type PageLocale, resolvePageLocale } from './page-locale.js'
import type { PageRequest } from './page-router.js'

/** The Checkout session's `locale`; `auto` follows the customer's preferred locales, then the browser. */
export function checkoutLocale(req: PageRequest, session: StoredCheckoutSession): PageLocale {
  const customer = session.customer
    ? req.emulator.state.find<StoredCustomer>('customer', session.customer as string)
    : undefined
  return resolvePageLocale({
    locale: session.locale,
    preferredLocales: customer?.preferred_locales,
    acceptLanguage: req.acceptLanguage,
  })
}
