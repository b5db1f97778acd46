import type { ApiRoute } from '../http/router.js'
import { billingPortalRoutes } from './billing-portal.js'
import { checkoutSessionsRoutes } from './checkout-sessions.js'
import { couponsRoutes } from './coupons.js'
import { customerSourcesRoutes } from './customer-sources.js'
import { customersRoutes } from './customers.js'
import { discountsRoutes } from './discounts.js'
import { eventsRoutes } from './events.js'
import { invoiceItemsRoutes } from './invoice-items.js'
import { invoicePreviewRoutes } from './invoice-preview.js'
import { invoicesRoutes } from './invoices.js'
import { paymentMethodsRoutes } from './payment-methods.js'
import { plansRoutes } from './plans.js'
import { pricesRoutes } from './prices.js'
import { productsRoutes } from './products.js'
import { promotionCodesRoutes } from './promotion-codes.js'
import { searchRoutes } from './search.js'
import { setupIntentsRoutes } from './setup-intents.js'
import { subscriptionItemsRoutes } from './subscription-items.js'
import { subscriptionSchedulesRoutes } from './subscription-schedules.js'
import { subscriptionsRoutes } from './subscriptions.js'
import { testClocksRoutes } from './test-clocks.js'
import { webhookEndpointsRoutes } from './webhook-endpoints.js'

export const apiRoutes: ApiRoute[] = [
  // Before the resources: `/v1/invoices/search` would otherwise be read as the invoice `search`.
  ...searchRoutes,
  ...customersRoutes,
  ...customerSourcesRoutes,
  ...productsRoutes,
  ...pricesRoutes,
  ...plansRoutes,
  ...paymentMethodsRoutes,
  ...subscriptionsRoutes,
  ...subscriptionSchedulesRoutes,
  ...setupIntentsRoutes,
  ...subscriptionItemsRoutes,
  ...invoicePreviewRoutes,
  ...invoicesRoutes,
  ...invoiceItemsRoutes,
  ...checkoutSessionsRoutes,
  ...billingPortalRoutes,
  ...eventsRoutes,
  ...webhookEndpointsRoutes,
  ...testClocksRoutes,
  ...couponsRoutes,
  ...promotionCodesRoutes,
  ...discountsRoutes,
]
