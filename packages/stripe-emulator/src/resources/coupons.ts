import { createCoupon, deleteCoupon, refreshValidity, requireCoupon, type StoredCoupon } from '../discounts/coupon.js'
import { emitUpdate } from '../events/emit-update.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest } from '../http/stripe-api-error.js'

/** `percent_off` is a decimal (`25.5`), unlike every integer parameter. */
function readPercentOff(params: Params): number | undefined {
  const raw = params.string('percent_off')
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(value)) throw invalidRequest(`Invalid decimal: ${raw}`, 'percent_off')
  return value
}

export const couponsRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/coupons',
    handler: ({ params, emulator }) => {
      params.only([
        'id',
        'percent_off',
        'amount_off',
        'currency',
        'duration',
        'duration_in_months',
        'max_redemptions',
        'redeem_by',
        'applies_to',
        'name',
        'metadata',
      ])
      const appliesTo = params.object('applies_to')
      appliesTo?.only(['products'])
      const name = params.string('name')
      if (name !== undefined && name.length > 40) {
        throw invalidRequest('The coupon name must be at most 40 characters.', 'name')
      }
      return createCoupon(emulator, {
        id: params.string('id'),
        percentOff: readPercentOff(params),
        amountOff: params.integer('amount_off'),
        currency: params.string('currency'),
        duration: params.enum('duration', ['forever', 'once', 'repeating'] as const),
        durationInMonths: params.integer('duration_in_months'),
        maxRedemptions: params.integer('max_redemptions'),
        redeemBy: params.integer('redeem_by'),
        appliesToProducts: appliesTo?.stringArray('products'),
        name: name ?? null,
        metadata: params.metadata() ?? {},
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/coupons/:id',
    handler: ({ pathParams, emulator }) => requireCoupon(emulator, pathParams.id as string, 'id'),
  },
  {
    method: 'POST',
    pattern: '/v1/coupons/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['name', 'metadata'])
      const coupon = requireCoupon(emulator, pathParams.id as string, 'id')
      const before = structuredClone(coupon)
      const name = params.nullableString('name')
      if (name !== undefined) {
        if (name !== null && name.length > 40) {
          throw invalidRequest('The coupon name must be at most 40 characters.', 'name')
        }
        coupon.name = name
      }
      const metadata = params.metadata('metadata', coupon.metadata ?? {})
      if (metadata) coupon.metadata = metadata
      emitUpdate(emulator, 'coupon.updated', before, coupon, null)
      return coupon
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/coupons/:id',
    handler: ({ pathParams, emulator }) => deleteCoupon(emulator, pathParams.id as string),
  },
  {
    method: 'GET',
    pattern: '/v1/coupons',
    handler: ({ params, emulator }) => {
      params.only(['created', 'limit', 'starting_after', 'ending_before'])
      const created = createdFilter(params)
      const items = emulator.state
        .list<StoredCoupon>('coupon', (c) => !(c as { deleted?: boolean }).deleted && created(c))
        .map((coupon) => refreshValidity(emulator, coupon))
      return paginate(items, params, '/v1/coupons')
    },
  },
]
