import { requireSubscription } from '../billing/subscription.js'
import { requireCustomer } from '../customers/customer.js'
import { deleteSubscriptionDiscount } from '../discounts/subscription-discounts.js'
import type { ApiRoute } from '../http/router.js'
import { StripeApiError } from '../http/stripe-api-error.js'

/** Removing the discount of a subscription or a customer. */
export const discountsRoutes: ApiRoute[] = [
  {
    method: 'DELETE',
    pattern: '/v1/subscriptions/:id/discount',
    handler: ({ pathParams, emulator }) =>
      deleteSubscriptionDiscount(emulator, requireSubscription(emulator, pathParams.id as string, 'id')),
  },
  {
    method: 'DELETE',
    pattern: '/v1/customers/:id/discount',
    handler: ({ pathParams, emulator }) => {
      const customer = requireCustomer(emulator, pathParams.id as string, 'id')
      // This API version has no way to give a customer a discount (no `coupon` on customers), so there is never one.
      throw new StripeApiError(
        404,
        'invalid_request_error',
        `No active discount for customer: '${customer.id}'`,
        'resource_missing',
      )
    },
  },
]
