import type { PageRoute } from './page-router.js'

/** Every hosted HTML page: checkout, customer portal, hosted invoices. */
export const pageRoutes: PageRoute[] = []
