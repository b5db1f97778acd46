import type { Params } from '../http/params.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import type { DiscountRequest } from './redeem-discounts.js'

/**
 * Reads `discounts[]` (`{ coupon }`, `{ promotion_code }` or `{ discount }` each): `undefined` when absent,
 * `null` for `discounts=''` (clear), else the list.
 */
export function readDiscountsParam(params: Params, key = 'discounts'): DiscountRequest[] | null | undefined {
  if (params.raw[key] === '') return null
  const items = params.array(key)
  if (!items) return undefined
  return items.map((item, i) => {
    item.only(['coupon', 'promotion_code', 'discount'])
    const request: DiscountRequest = {
      coupon: item.string('coupon'),
      promotionCode: item.string('promotion_code'),
      discount: item.string('discount'),
      param: `${key}[${i}]`,
    }
    const given = [request.coupon, request.promotionCode, request.discount].filter((v) => v !== undefined)
    if (given.length !== 1) {
      throw invalidRequest(
        `You must specify exactly one of coupon, promotion_code or discount in ${key}[${i}].`,
        `${key}[${i}]`,
      )
    }
    return request
  })
}
