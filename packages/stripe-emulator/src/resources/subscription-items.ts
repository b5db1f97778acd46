import type Stripe from 'stripe'
import {
  addSubscriptionItem,
  changeSubscriptionItem,
  type ItemChangeBilling,
  removeSubscriptionItem,
  requireSubscriptionItem,
} from '../billing/change-subscription-item.js'
import { requireSubscription } from '../billing/subscription.js'
import { paginate } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import type { StoredObject } from '../state/emulator-state.js'

const billingParams = ['proration_behavior', 'proration_date', 'payment_behavior']

function readBilling(params: Params): ItemChangeBilling {
  return {
    prorationBehavior: params.enum('proration_behavior', ['create_prorations', 'none', 'always_invoice'] as const),
    prorationDate: params.integer('proration_date'),
    paymentBehavior: params.enum('payment_behavior', [
      'allow_incomplete',
      'default_incomplete',
      'error_if_incomplete',
      'pending_if_incomplete',
    ] as const),
  }
}

export const subscriptionItemsRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/subscription_items',
    handler: ({ params, emulator }) => {
      params.only(['subscription', 'price', 'quantity', 'metadata', ...billingParams])
      return addSubscriptionItem(
        emulator,
        params.requiredString('subscription'),
        { price: params.requiredString('price'), quantity: params.integer('quantity'), metadata: params.metadata() },
        readBilling(params),
      )
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscription_items',
    handler: ({ params, emulator }) => {
      params.only(['subscription', 'limit', 'starting_after', 'ending_before'])
      const subscription = requireSubscription(emulator, params.requiredString('subscription'), 'subscription')
      const items = subscription.items.data as (Stripe.SubscriptionItem & StoredObject)[]
      return paginate(items, params, '/v1/subscription_items')
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscription_items/:id',
    handler: ({ pathParams, emulator }) => requireSubscriptionItem(emulator, pathParams.id as string).item,
  },
  {
    method: 'POST',
    pattern: '/v1/subscription_items/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['price', 'quantity', 'metadata', 'off_session', ...billingParams])
      params.boolean('off_session')
      const { item } = requireSubscriptionItem(emulator, pathParams.id as string)
      return changeSubscriptionItem(
        emulator,
        item.id,
        {
          price: params.string('price'),
          quantity: params.integer('quantity'),
          metadata: params.metadata('metadata', item.metadata),
        },
        readBilling(params),
      )
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/subscription_items/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['clear_usage', ...billingParams])
      params.boolean('clear_usage')
      return removeSubscriptionItem(emulator, pathParams.id as string, readBilling(params))
    },
  },
]
