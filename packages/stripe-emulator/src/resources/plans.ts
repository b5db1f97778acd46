import { createPlan, deletePlan, requirePlanPrice, type StoredPlan, updatePlan } from '../catalog/plan.js'
import { planFromPrice, type StoredPrice } from '../catalog/price.js'
import { requireProduct } from '../catalog/product.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'
import { createInlineProduct } from './read-price-params.js'

const intervals = ['day', 'week', 'month', 'year'] as const

export const plansRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/plans',
    handler: ({ params, emulator }) => {
      params.only([
        'id',
        'amount',
        'amount_decimal',
        'currency',
        'interval',
        'interval_count',
        'product',
        'nickname',
        'metadata',
        'active',
        'usage_type',
        'trial_period_days',
        'billing_scheme',
      ])
      params.enum('billing_scheme', ['per_unit'] as const)
      const currency = params.requiredString('currency')
      const interval = params.enum('interval', intervals)
      if (!interval) throw missingParam('interval')
      const usageType = params.enum('usage_type', ['licensed', 'metered'] as const)
      if (usageType === 'metered') {
        throw invalidRequest('The emulator supports licensed (per-seat) plans only.', 'usage_type')
      }
      const decimal = params.string('amount_decimal')
      if (decimal !== undefined && !/^\d+$/.test(decimal)) {
        throw invalidRequest('The emulator supports whole-number amount_decimal values only.', 'amount_decimal')
      }
      const amount = params.integer('amount') ?? (decimal === undefined ? undefined : Number(decimal))
      if (amount === undefined) throw missingParam('amount')
      if (amount < 0) throw invalidRequest('This value must be greater than or equal to 0.', 'amount')
      let product: string
      const inline = typeof params.raw.product === 'string' ? undefined : params.object('product')
      if (inline) {
        product = createInlineProduct(emulator, inline)
      } else {
        product = requireProduct(emulator, params.requiredString('product'), 'product').id
      }
      return createPlan(emulator, {
        id: params.string('id'),
        product,
        currency,
        unitAmount: amount,
        recurring: {
          interval,
          intervalCount: params.integer('interval_count'),
          usageType,
          trialPeriodDays: params.integer('trial_period_days') ?? null,
        },
        nickname: params.string('nickname') ?? null,
        metadata: params.metadata() ?? {},
        active: params.boolean('active'),
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/plans/:id',
    handler: ({ pathParams, emulator }) => planFromPrice(requirePlanPrice(emulator, pathParams.id as string)),
  },
  {
    method: 'POST',
    pattern: '/v1/plans/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['active', 'nickname', 'metadata', 'trial_period_days', 'product'])
      const price = requirePlanPrice(emulator, pathParams.id as string)
      if (params.has('product') && params.string('product') !== price.product) {
        throw invalidRequest('The emulator cannot move a plan to another product.', 'product')
      }
      return updatePlan(emulator, price.id, {
        active: params.boolean('active'),
        nickname: params.nullableString('nickname'),
        metadata: params.metadata('metadata', price.metadata),
        trialPeriodDays: params.nullableInteger('trial_period_days'),
      })
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/plans/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      return deletePlan(emulator, pathParams.id as string)
    },
  },
  {
    method: 'GET',
    pattern: '/v1/plans',
    handler: ({ params, emulator }) => {
      params.only(['active', 'product', 'created', 'limit', 'starting_after', 'ending_before'])
      const active = params.boolean('active')
      const product = params.string('product')
      const created = createdFilter(params)
      const plans = emulator.state
        .list<StoredPrice>(
          'price',
          (p) =>
            p.type === 'recurring' &&
            (active === undefined || p.active === active) &&
            (product === undefined || p.product === product) &&
            created(p),
        )
        .map((price) => planFromPrice(price) as StoredPlan)
      return paginate(plans, params, '/v1/plans')
    },
  },
]
