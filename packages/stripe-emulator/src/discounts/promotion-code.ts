import type Stripe from 'stripe'
import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import { requireCoupon } from './coupon.js'

export type StoredPromotionCode = Stripe.PromotionCode & StoredObject

export interface CreatePromotionCodeInput {
  coupon: string
  code?: string
  active?: boolean
  customer?: string
  expiresAt?: number
  maxRedemptions?: number
  metadata?: Record<string, string>
  restrictions?: { firstTimeTransaction?: boolean; minimumAmount?: number; minimumAmountCurrency?: string }
}

export function requirePromotionCode(emulator: Emulator, id: string, param = 'promotion_code'): StoredPromotionCode {
  const code = emulator.state.find<StoredPromotionCode>('promotion_code', id)
  if (!code) throw noSuchResource('promotion_code', id, param)
  return code
}

/** The coupon a promotion code redeems. */
export function promotionCoupon(code: StoredPromotionCode): string {
  const coupon = code.promotion.coupon
  return typeof coupon === 'string' ? coupon : (coupon?.id ?? '')
}

/**
 * Creates a customer-facing code for a coupon as `POST /v1/promotion_codes` does (`promotion: { type: 'coupon',
 * coupon }` on this API version). Codes are unique among active codes, case-insensitively. Emits promotion_code.created.
 */
export function createPromotionCode(emulator: Emulator, input: CreatePromotionCodeInput): StoredPromotionCode {
  const coupon = requireCoupon(emulator, input.coupon, 'promotion[coupon]')
  if (input.customer !== undefined) requireCustomer(emulator, input.customer, 'customer')
  const now = emulator.now()
  if (input.expiresAt !== undefined && input.expiresAt <= now) {
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'expires_at')
  }
  if (input.expiresAt !== undefined && coupon.redeem_by !== null && input.expiresAt > coupon.redeem_by) {
    throw invalidRequest("The promotion code's expires_at cannot be after its coupon's redeem_by.", 'expires_at')
  }
  if (input.maxRedemptions !== undefined && input.maxRedemptions < 1) {
    throw invalidRequest('max_redemptions must be a positive integer.', 'max_redemptions')
  }
  const restrictions = input.restrictions ?? {}
  if ((restrictions.minimumAmount === undefined) !== (restrictions.minimumAmountCurrency === undefined)) {
    throw invalidRequest(
      'restrictions[minimum_amount] and restrictions[minimum_amount_currency] must be set together.',
      'restrictions[minimum_amount_currency]',
    )
  }
  const code = input.code ?? randomCode(emulator)
  if (!/^[a-zA-Z0-9_-]{1,500}$/.test(code)) {
    throw invalidRequest('A promotion code may only contain letters, digits, dashes and underscores.', 'code')
  }
  if (input.active !== false && findActivePromotionCode(emulator, code)) {
    throw invalidRequest(
      `An active promotion code with \`code: ${code}\` already exists.`,
      'code',
      'resource_already_exists',
    )
  }
  const promotionCode: StoredPromotionCode = {
    id: emulator.state.newId('promo'),
    object: 'promotion_code',
    active: input.active ?? true,
    code,
    created: now,
    customer: input.customer ?? null,
    customer_account: null,
    expires_at: input.expiresAt ?? null,
    livemode: false,
    max_redemptions: input.maxRedemptions ?? null,
    metadata: input.metadata ?? {},
    promotion: { coupon: coupon.id, type: 'coupon' },
    restrictions: {
      first_time_transaction: restrictions.firstTimeTransaction ?? false,
      minimum_amount: restrictions.minimumAmount ?? null,
      minimum_amount_currency: restrictions.minimumAmountCurrency?.toLowerCase() ?? null,
    },
    times_redeemed: 0,
  }
  emulator.state.insert(promotionCode)
  emulator.emit('promotion_code.created', promotionCode)
  return promotionCode
}

/** The amount of an order before discounts, against which a code's `minimum_amount` is checked. */
export interface PromotionOrder {
  subtotal: number
  currency: string
}

/**
 * Why `customer` (null while unknown) cannot redeem this code now, as a phrase, or null when it can: inactive,
 * expired, used up, restricted to another customer, for first-time customers only (one who has paid an invoice is
 * not), or an order below `minimum_amount` in that currency.
 */
export function promotionCodeRefusal(
  emulator: Emulator,
  code: StoredPromotionCode,
  redemption: { customer: string | null; now: number; order?: PromotionOrder },
): string | null {
  const { customer, now, order } = redemption
  if (!code.active) return 'is inactive'
  if (code.expires_at !== null && now > code.expires_at) return 'has expired'
  if (code.max_redemptions !== null && code.times_redeemed >= code.max_redemptions) {
    return 'has reached its max_redemptions'
  }
  if (code.customer !== null && code.customer !== customer) return 'is restricted to another customer'
  if (code.restrictions.first_time_transaction && customer !== null && hasPaid(emulator, customer)) {
    return 'is only for first-time customers'
  }
  const minimum = code.restrictions.minimum_amount
  if (
    minimum !== null &&
    order !== undefined &&
    order.currency === code.restrictions.minimum_amount_currency &&
    order.subtotal < minimum
  ) {
    return `needs an order of at least ${minimum} (${order.currency})`
  }
  return null
}

function hasPaid(emulator: Emulator, customer: string): boolean {
  const paid = emulator.state.list<StoredObject & { customer?: unknown; amount_paid?: number }>(
    'invoice',
    (invoice) => invoice.customer === customer && (invoice.amount_paid ?? 0) > 0,
  )
  return paid.length > 0
}

/** The active promotion code a customer typed, matched case-insensitively as Checkout does. */
export function findActivePromotionCode(emulator: Emulator, code: string): StoredPromotionCode | undefined {
  const wanted = code.trim().toUpperCase()
  return emulator.state.list<StoredPromotionCode>(
    'promotion_code',
    (p) => p.active && p.code.toUpperCase() === wanted,
  )[0]
}

function randomCode(emulator: Emulator): string {
  return emulator.state.newId('').slice(1, 9).toUpperCase()
}
