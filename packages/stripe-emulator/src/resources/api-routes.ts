import type { ApiRoute } from '../http/router.js'
import { billingPortalRoutes } from './billing-portal.js'
import { checkoutSessionsRoutes } from './checkout-sessions.js'
import { couponsRoutes } from './coupons.js'
import { customersRoutes } from './customers.js'
import { discountsRoutes } from './discounts.js'
import { eventsRoutes } from './events.js'
import { invoicesRoutes } from './invoices.js'
import { paymentMethodsRoutes } from './payment-methods.js'
import { pricesRoutes } from './prices.js'
import { productsRoutes } from './products.js'
import { promotionCodesRoutes } from './promotion-codes.js'
import { subscriptionsRoutes } from './subscriptions.js'
import { testClocksRoutes } from './test-clocks.js'
import { webhookEndpointsRoutes } from './webhook-endpoints.js'

export const apiRoutes: ApiRoute[] = [
  ...customersRoutes,
  ...productsRoutes,
  ...pricesRoutes,
  ...paymentMethodsRoutes,
  ...subscriptionsRoutes,
  ...invoicesRoutes,
  ...checkoutSessionsRoutes,
  ...billingPortalRoutes,
  ...eventsRoutes,
  ...webhookEndpointsRoutes,
  ...testClocksRoutes,
  ...couponsRoutes,
  ...promotionCodesRoutes,
  ...discountsRoutes,
]
