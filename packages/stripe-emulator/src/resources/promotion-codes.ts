import {
  createPromotionCode,
  promotionCoupon,
  requirePromotionCode,
  type StoredPromotionCode,
} from '../discounts/promotion-code.js'
import { emitUpdate } from '../events/emit-update.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'

export const promotionCodesRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/promotion_codes',
    handler: ({ params, emulator }) => {
      params.only([
        'promotion',
        'code',
        'active',
        'customer',
        'customer_account',
        'expires_at',
        'max_redemptions',
        'metadata',
        'restrictions',
      ])
      if (params.has('customer_account')) {
        throw invalidRequest('The emulator has no Accounts v2; use customer.', 'customer_account')
      }
      const promotion = params.requiredObject('promotion')
      promotion.only(['type', 'coupon'])
      promotion.enum('type', ['coupon'] as const)
      if (!promotion.has('type')) throw missingParam('promotion[type]')
      const restrictions = params.object('restrictions')
      restrictions?.only(['first_time_transaction', 'minimum_amount', 'minimum_amount_currency'])
      return createPromotionCode(emulator, {
        coupon: promotion.requiredString('coupon'),
        code: params.string('code'),
        active: params.boolean('active'),
        customer: params.string('customer'),
        expiresAt: params.integer('expires_at'),
        maxRedemptions: params.integer('max_redemptions'),
        metadata: params.metadata() ?? {},
        restrictions: restrictions && {
          firstTimeTransaction: restrictions.boolean('first_time_transaction'),
          minimumAmount: restrictions.integer('minimum_amount'),
          minimumAmountCurrency: restrictions.string('minimum_amount_currency'),
        },
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/promotion_codes/:id',
    handler: ({ pathParams, emulator }) => requirePromotionCode(emulator, pathParams.id as string, 'id'),
  },
  {
    method: 'POST',
    pattern: '/v1/promotion_codes/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['active', 'metadata'])
      const code = requirePromotionCode(emulator, pathParams.id as string, 'id')
      const before = structuredClone(code)
      const active = params.boolean('active')
      if (active !== undefined) code.active = active
      const metadata = params.metadata('metadata', code.metadata ?? {})
      if (metadata) code.metadata = metadata
      emitUpdate(emulator, 'promotion_code.updated', before, code, null)
      return code
    },
  },
  {
    method: 'GET',
    pattern: '/v1/promotion_codes',
    handler: ({ params, emulator }) => {
      params.only(['active', 'code', 'coupon', 'customer', 'created', 'limit', 'starting_after', 'ending_before'])
      const active = params.boolean('active')
      const code = params.string('code')
      const coupon = params.string('coupon')
      const customer = params.string('customer')
      const created = createdFilter(params)
      const items = emulator.state.list<StoredPromotionCode>(
        'promotion_code',
        (p) =>
          (active === undefined || p.active === active) &&
          (code === undefined || p.code.toUpperCase() === code.toUpperCase()) &&
          (coupon === undefined || promotionCoupon(p) === coupon) &&
          (customer === undefined || p.customer === customer) &&
          created(p),
      )
      return paginate(items, params, '/v1/promotion_codes')
    },
  },
]
