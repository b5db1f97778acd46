import { previewSubscriptionInvoice } from '../billing/preview-invoice.js'
import { previewNewSubscriptionInvoice } from '../billing/preview-new-subscription-invoice.js'
import { requireSubscription, type StoredSubscription } from '../billing/subscription.js'
import { currentPeriod } from '../billing/subscription-items.js'
import { endedStatuses } from '../billing/subscription-statuses.js'
import { requireCustomer } from '../customers/customer.js'
import { readDiscountsParam } from '../discounts/read-discounts-param.js'
import type { Emulator } from '../emulator.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'

const prorationBehaviors = ['create_prorations', 'none', 'always_invoice'] as const

/**
 * `POST /v1/invoices/create_preview` for an existing subscription, or (`subscription_details.items` without
 * `subscription`) for one not created yet. Before `/v1/invoices/:id`, which would take it for an id.
 */
export const invoicePreviewRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/invoices/create_preview',
    handler: ({ params, emulator }) => {
      params.only(['customer', 'subscription', 'subscription_details', 'preview_mode', 'discounts', 'expand'])
      const details = params.object('subscription_details')
      details?.only(['items', 'proration_behavior', 'proration_date', 'billing_cycle_anchor', 'trial_end'])
      const previewMode = params.enum('preview_mode', ['next', 'recurring'] as const)
      const prorationBehavior = details?.enum('proration_behavior', prorationBehaviors)
      // Stripe's rule: items without a subscription preview creating one, whatever subscriptions the customer has.
      if (params.string('subscription') === undefined && details?.has('items')) {
        return previewNewSubscriptionInvoice(emulator, readNewSubscription(params, details))
      }
      for (const [param, given] of [
        ['discounts', params.has('discounts')],
        ['subscription_details[trial_end]', details?.has('trial_end')],
      ] as const) {
        if (given) {
          throw invalidRequest(`The emulator previews \`${param}\` only for a new subscription.`, param)
        }
      }
      const subscription = previewedSubscription(emulator, params)
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
        prorationBehavior,
        prorationDate: details?.integer('proration_date'),
        billingCycleAnchor: details && readBillingCycleAnchor(details),
        previewMode,
      })
    },
  },
]

/** The `customer`, `subscription_details` (items, trial) and `discounts` of a preview of a new subscription. */
function readNewSubscription(params: Params, details: Params) {
  if (details.has('proration_date')) {
    throw invalidRequest(
      "The emulator's subscriptions.create takes no proration_date, so a new subscription's preview takes none either.",
      'subscription_details[proration_date]',
    )
  }
  const customer = params.requiredString('customer')
  const items = (details.array('items') ?? []).map((item, i) => {
    item.only(['id', 'price', 'quantity', 'deleted', 'metadata'])
    for (const key of ['id', 'deleted']) {
      if (item.has(key)) {
        throw invalidRequest(
          'You cannot update a subscription item without a subscription.',
          `subscription_details[items][${i}][${key}]`,
        )
      }
    }
    return {
      price: item.requiredString('price'),
      quantity: item.integer('quantity'),
      metadata: item.metadata('metadata'),
    }
  })
  const trialEnd = details.raw.trial_end === 'now' ? undefined : details.integer('trial_end')
  return {
    customer,
    items,
    trialEnd,
    discounts: readDiscountsParam(params),
    billingCycleAnchor: readNewAnchor(details),
    prorationBehavior: details.enum('proration_behavior', prorationBehaviors),
  }
}

/** A new subscription's anchor: `billing_cycle_anchor[type]=timestamp` with its `timestamp`, or the plain timestamp earlier versions took. */
function readNewAnchor(details: Params): number | undefined {
  if (typeof details.raw.billing_cycle_anchor === 'string') return details.integer('billing_cycle_anchor')
  const anchor = details.object('billing_cycle_anchor')
  if (!anchor) return undefined
  anchor.only(['type', 'timestamp'])
  if (anchor.enum('type', ['now', 'timestamp', 'unchanged'] as const) !== 'timestamp') {
    throw invalidRequest(
      'A new subscription takes only a future timestamp as its billing cycle anchor.',
      'subscription_details[billing_cycle_anchor][type]',
    )
  }
  const timestamp = anchor.integer('timestamp')
  if (timestamp === undefined) throw missingParam('subscription_details[billing_cycle_anchor][timestamp]')
  return timestamp
}

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
