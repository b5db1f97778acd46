import { checkoutPageRoutes } from './checkout-page.js'
import { invoicePageRoutes } from './invoice-pages.js'
import type { PageRoute } from './page-router.js'
import { portalPageRoutes } from './portal-page-routes.js'

/** Every hosted HTML page: checkout, customer portal, hosted invoices. */
export const pageRoutes: PageRoute[] = [...checkoutPageRoutes, ...portalPageRoutes, ...invoicePageRoutes]
