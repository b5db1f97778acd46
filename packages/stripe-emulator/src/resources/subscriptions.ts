import type { CancelSubscriptionOptions } from '../billing/cancel-subscription.js'
import { cancelSubscription } from '../billing/cancel-subscription.js'
import { createSubscription } from '../billing/create-subscription.js'
import type { BillingCycleAnchorConfigInput } from '../billing/first-billing-cycle.js'
import type { PauseCollectionInput } from '../billing/pause-collection.js'
import { readBillingMode } from '../billing/read-billing-mode.js'
import { resumeSubscription } from '../billing/renew-subscription.js'
import { cancellationFeedbackValues, requireSubscription, type StoredSubscription } from '../billing/subscription.js'
import { currentPeriod } from '../billing/subscription-items.js'
import { endedStatuses } from '../billing/subscription-statuses.js'
import { updateSubscription } from '../billing/update-subscription.js'
import { readDiscountsParam } from '../discounts/read-discounts-param.js'
import { createdFilter, paginateStored } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'
import { cancelScheduleOfEndedSubscription } from '../schedules/run-subscription-schedule.js'

function readCancellationDetails(params: Params): CancelSubscriptionOptions['cancellationDetails'] {
  const details = params.object('cancellation_details')
  if (!details) return undefined
  details.only(['comment', 'feedback'])
  const feedback = details.raw.feedback === '' ? null : details.enum('feedback', cancellationFeedbackValues)
  return { comment: details.nullableString('comment'), feedback }
}

const paymentBehaviors = [
  'allow_incomplete',
  'default_incomplete',
  'error_if_incomplete',
  'pending_if_incomplete',
] as const
const prorationBehaviors = ['create_prorations', 'none', 'always_invoice'] as const
const collectionMethods = ['charge_automatically', 'send_invoice'] as const

/** `trial_end`: `now` or a timestamp. */
function readTrialEnd(params: Params): number | 'now' | undefined {
  if (params.raw.trial_end === 'now') return 'now'
  return params.integer('trial_end')
}

/** `billing_cycle_anchor_config`: `{ day_of_month, month?, hour?, minute?, second? }`. */
function readBillingCycleAnchorConfig(params: Params): BillingCycleAnchorConfigInput | undefined {
  const config = params.object('billing_cycle_anchor_config')
  if (!config) return undefined
  config.only(['day_of_month', 'month', 'hour', 'minute', 'second'])
  const dayOfMonth = config.integer('day_of_month')
  if (dayOfMonth === undefined) throw missingParam('billing_cycle_anchor_config[day_of_month]')
  const read: BillingCycleAnchorConfigInput = { dayOfMonth }
  for (const part of ['month', 'hour', 'minute', 'second'] as const) {
    const value = config.integer(part)
    if (value !== undefined) read[part] = value
  }
  return read
}

/** `pause_collection`: `{ behavior, resumes_at? }`, or `''` to resume collection. */
function readPauseCollection(params: Params): PauseCollectionInput | undefined {
  if (params.raw.pause_collection === '') return null
  const pause = params.object('pause_collection')
  if (!pause) return undefined
  pause.only(['behavior', 'resumes_at'])
  const behavior = pause.enum('behavior', ['keep_as_draft', 'mark_uncollectible', 'void'] as const)
  if (!behavior) throw missingParam('pause_collection[behavior]')
  const resumesAt = pause.integer('resumes_at')
  return { behavior, ...(resumesAt !== undefined ? { resumesAt } : {}) }
}

export const subscriptionsRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/subscriptions',
    handler: ({ params, emulator }) => {
      params.only([
        'customer',
        'items',
        'trial_period_days',
        'trial_end',
        'payment_behavior',
        'metadata',
        'default_payment_method',
        'cancel_at_period_end',
        'cancel_at',
        'description',
        'off_session',
        'proration_behavior',
        'trial_settings',
        'collection_method',
        'payment_settings',
        'billing_mode',
        'discounts',
        'billing_cycle_anchor',
        'billing_cycle_anchor_config',
        'add_invoice_items',
        'days_until_due',
      ])
      const collectionMethod = params.enum('collection_method', collectionMethods)
      const prorationBehavior = params.enum('proration_behavior', prorationBehaviors)
      readBillingMode(params)
      params.boolean('off_session')
      const customer = params.requiredString('customer')
      const items = params.array('items')
      if (!items || items.length === 0) throw missingParam('items')
      const trialEnd = readTrialEnd(params)
      const trialSettings = params.object('trial_settings')
      trialSettings?.only(['end_behavior'])
      const endBehavior = trialSettings?.object('end_behavior')
      endBehavior?.only(['missing_payment_method'])
      const paymentBehavior = params.enum('payment_behavior', paymentBehaviors)
      return createSubscription(emulator, {
        customer,
        items: items.map((item, i) => {
          item.only(['price', 'quantity', 'metadata'])
          if (!item.has('price')) throw missingParam(`items[${i}][price]`)
          return {
            price: item.requiredString('price'),
            quantity: item.integer('quantity'),
            metadata: item.metadata('metadata'),
          }
        }),
        trialPeriodDays: params.integer('trial_period_days'),
        trialEnd: trialEnd === 'now' ? undefined : trialEnd,
        metadata: params.metadata() ?? {},
        paymentBehavior: paymentBehavior === 'pending_if_incomplete' ? 'allow_incomplete' : paymentBehavior,
        defaultPaymentMethod: params.string('default_payment_method'),
        cancelAtPeriodEnd: params.boolean('cancel_at_period_end'),
        cancelAt: params.integer('cancel_at'),
        description: params.string('description') ?? null,
        missingPaymentMethodAtTrialEnd: endBehavior?.enum('missing_payment_method', [
          'cancel',
          'create_invoice',
          'pause',
        ] as const),
        discounts: readDiscountsParam(params),
        billingCycleAnchor: params.integer('billing_cycle_anchor'),
        billingCycleAnchorConfig: readBillingCycleAnchorConfig(params),
        prorationBehavior,
        collectionMethod,
        daysUntilDue: params.integer('days_until_due'),
        addInvoiceItems: params.array('add_invoice_items')?.map((item) => {
          item.only(['price', 'quantity'])
          return { price: item.requiredString('price'), quantity: item.integer('quantity') }
        }),
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscriptions/:id',
    handler: ({ pathParams, emulator }) => requireSubscription(emulator, pathParams.id as string, 'id'),
  },
  {
    method: 'POST',
    pattern: '/v1/subscriptions/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([
        'items',
        'cancel_at_period_end',
        'cancel_at',
        'proration_behavior',
        'proration_date',
        'metadata',
        'cancellation_details',
        'default_payment_method',
        'trial_end',
        'billing_cycle_anchor',
        'payment_behavior',
        'description',
        'off_session',
        'discounts',
        'pause_collection',
        'collection_method',
        'days_until_due',
      ])
      params.boolean('off_session')
      const subscription = requireSubscription(emulator, pathParams.id as string, 'id')
      const cancelAtRaw = params.raw.cancel_at
      let cancelAt: number | null | undefined
      if (cancelAtRaw === 'min_period_end' || cancelAtRaw === 'max_period_end') {
        cancelAt = currentPeriod(subscription).end
      } else {
        cancelAt = params.nullableInteger('cancel_at')
      }
      return updateSubscription(emulator, subscription.id, {
        items: params.array('items')?.map((item) => {
          item.only(['id', 'price', 'quantity', 'deleted', 'metadata', 'clear_usage'])
          return {
            id: item.string('id'),
            price: item.string('price'),
            quantity: item.integer('quantity'),
            deleted: item.boolean('deleted'),
            metadata: item.metadata('metadata'),
          }
        }),
        cancelAtPeriodEnd: params.boolean('cancel_at_period_end'),
        cancelAt,
        prorationBehavior: params.enum('proration_behavior', prorationBehaviors),
        prorationDate: params.integer('proration_date'),
        metadata: params.metadata('metadata', subscription.metadata),
        cancellationDetails: readCancellationDetails(params),
        defaultPaymentMethod: params.nullableString('default_payment_method'),
        trialEnd: readTrialEnd(params),
        billingCycleAnchor: params.enum('billing_cycle_anchor', ['now', 'unchanged'] as const),
        paymentBehavior: params.enum('payment_behavior', paymentBehaviors),
        description: params.nullableString('description'),
        discounts: readDiscountsParam(params),
        pauseCollection: readPauseCollection(params),
        collectionMethod: params.enum('collection_method', collectionMethods),
        daysUntilDue: params.integer('days_until_due'),
      })
    },
  },

  {
    method: 'DELETE',
    pattern: '/v1/subscriptions/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['invoice_now', 'prorate', 'cancellation_details'])
      const canceled = cancelSubscription(emulator, pathParams.id as string, {
        invoiceNow: params.boolean('invoice_now'),
        prorate: params.boolean('prorate'),
        cancellationDetails: readCancellationDetails(params),
      })
      cancelScheduleOfEndedSubscription(emulator, canceled)
      return canceled
    },
  },
  {
    method: 'POST',
    pattern: '/v1/subscriptions/:id/resume',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['billing_cycle_anchor', 'payment_behavior', 'proration_behavior', 'proration_date'])
      // The pinned API takes `billing_cycle_anchor[type]`; a resume always starts a new period now.
      const anchor = params.object('billing_cycle_anchor')
      anchor?.only(['type'])
      anchor?.enum('type', ['now', 'unchanged'] as const)
      params.enum('payment_behavior', ['resume_on_payment_attempt', 'resume_on_payment_success'] as const)
      params.enum('proration_behavior', prorationBehaviors)
      const subscription = requireSubscription(emulator, pathParams.id as string, 'id')
      if (subscription.status !== 'paused') {
        throw invalidRequest(
          'Only a subscription with status `paused` can be resumed.',
          undefined,
          'subscription_not_paused',
        )
      }
      resumeSubscription(emulator, subscription)
      return subscription
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscriptions',
    handler: ({ params, emulator }) => {
      params.only([
        'customer',
        'price',
        'status',
        'test_clock',
        'created',
        'collection_method',
        'limit',
        'starting_after',
        'ending_before',
      ])
      const customer = params.string('customer')
      const price = params.string('price')
      const testClock = params.string('test_clock')
      const status = params.enum('status', [
        'active',
        'all',
        'canceled',
        'ended',
        'incomplete',
        'incomplete_expired',
        'past_due',
        'paused',
        'trialing',
        'unpaid',
      ] as const)
      params.enum('collection_method', collectionMethods)
      const created = createdFilter(params)
      const matchesStatus = (s: StoredSubscription) =>
        status === undefined
          ? s.status !== 'canceled'
          : status === 'all' || (status === 'ended' ? endedStatuses.includes(s.status) : s.status === status)
      const filter = (s: StoredSubscription) =>
        matchesStatus(s) &&
        (customer === undefined || s.customer === customer) &&
        (price === undefined || s.items.data.some((item) => item.price.id === price)) &&
        (testClock === undefined || s.test_clock === testClock) &&
        (params.string('collection_method') === undefined ||
          s.collection_method === params.string('collection_method')) &&
        created(s)
      return paginateStored(
        emulator.state,
        { type: 'subscription', filter, links: { customer, test_clock: testClock } },
        params,
        '/v1/subscriptions',
      )
    },
  },
]
