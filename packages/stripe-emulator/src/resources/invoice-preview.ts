import { previewSubscriptionInvoice } from '../billing/preview-invoice.js'
import { requireSubscription, type StoredSubscription } from '../billing/subscription.js'
import { currentPeriod } from '../billing/subscription-items.js'
import { endedStatuses } from '../billing/subscription-statuses.js'
import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'

const prorationBehaviors = ['create_prorations', 'none', 'always_invoice'] as const

/** `POST /v1/invoices/create_preview` for a subscription: before `/v1/invoices/:id`, which would take it for an id. */
export const invoicePreviewRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/invoices/create_preview',
    handler: ({ params, emulator }) => {
      params.only(['customer', 'subscription', 'subscription_details', 'preview_mode', 'expand'])
      const subscription = previewedSubscription(emulator, params)
      const details = params.object('subscription_details')
      details?.only(['items', 'proration_behavior', 'proration_date', 'billing_cycle_anchor'])
      return previewSubscriptionInvoice(emulator, subscription, {
        items: details?.array('items')?.map((item) => {
          item.only(['id', 'price', 'quantity', 'deleted', 'metadata'])
          return {
            id: item.string('id'),
            price: item.string('price'),
            quantity: item.integer('quantity'),
            deleted: item.boolean('deleted'),
          }
        }),
        prorationBehavior: details?.enum('proration_behavior', prorationBehaviors),
        prorationDate: details?.integer('proration_date'),
        billingCycleAnchor: details && readBillingCycleAnchor(details),
        previewMode: params.enum('preview_mode', ['next', 'recurring'] as const),
      })
    },
  },
]

/** The `subscription` (of `customer`, when both are given), or the customer's subscription renewing first. */
function previewedSubscription(emulator: Emulator, params: Params): StoredSubscription {
  const customerId = params.string('customer')
  const subscriptionId = params.string('subscription')
  if (subscriptionId !== undefined) {
    const subscription = requireSubscription(emulator, subscriptionId, 'subscription')
    if (customerId !== undefined && subscription.customer !== customerId) {
      throw invalidRequest(
        `The subscription ${subscriptionId} does not belong to the customer ${customerId}.`,
        'subscription',
      )
    }
    return subscription
  }
  if (customerId === undefined) throw missingParam('customer')
  const customer = requireCustomer(emulator, customerId, 'customer')
  const [first] = emulator.state
    .listWhere<StoredSubscription>('subscription', 'customer', customer.id)
    .filter((subscription) => !endedStatuses.includes(subscription.status))
    .sort((a, b) => currentPeriod(a).end - currentPeriod(b).end)
  if (!first) {
    throw invalidRequest(`No upcoming invoices for customer: ${customer.id}`, 'customer', 'invoice_upcoming_none')
  }
  return first
}

/** `billing_cycle_anchor[type]` as the pinned API sends it (`now` or `unchanged`), or the plain value earlier versions took. */
function readBillingCycleAnchor(details: Params): 'now' | 'unchanged' | undefined {
  const anchors = ['now', 'unchanged'] as const
  if (typeof details.raw.billing_cycle_anchor === 'string') return details.enum('billing_cycle_anchor', anchors)
  return details.object('billing_cycle_anchor')?.only(['type']).enum('type', anchors)
}
