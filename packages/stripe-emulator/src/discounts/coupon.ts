import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredCoupon = Stripe.Coupon & StoredObject

export interface CreateCouponInput {
  id?: string
  percentOff?: number
  amountOff?: number
  currency?: string
  duration?: 'forever' | 'once' | 'repeating'
  durationInMonths?: number
  maxRedemptions?: number
  redeemBy?: number
  appliesToProducts?: string[]
  name?: string | null
  metadata?: Record<string, string>
}

/** Returns a coupon that has not been deleted, or throws Stripe's 404. */
export function requireCoupon(emulator: Emulator, id: string, param = 'coupon'): StoredCoupon {
  const coupon = emulator.state.find<StoredCoupon>('coupon', id)
  if (!coupon || (coupon as { deleted?: boolean }).deleted) throw noSuchResource('coupon', id, param)
  return refreshValidity(emulator, coupon)
}

/**
 * Creates a coupon as `POST /v1/coupons` does, with Stripe's checks on the discount (exactly one of
 * `percent_off` and `amount_off` with `currency`) and its duration. Emits coupon.created.
 */
export function createCoupon(emulator: Emulator, input: CreateCouponInput): StoredCoupon {
  if (input.percentOff !== undefined && input.amountOff !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: amount_off, percent_off.', 'amount_off')
  }
  if (input.percentOff === undefined && input.amountOff === undefined) {
    throw invalidRequest('You must pass either amount_off or percent_off.', 'percent_off')
  }
  if (input.percentOff !== undefined && !(input.percentOff > 0 && input.percentOff <= 100)) {
    throw invalidRequest('percent_off must be greater than 0 and at most 100.', 'percent_off')
  }
  if (input.amountOff !== undefined) {
    if (input.amountOff < 1) throw invalidRequest('amount_off must be a positive integer.', 'amount_off')
    if (!input.currency) throw invalidRequest('You must pass currency when passing amount_off.', 'currency')
  } else if (input.currency) {
    throw invalidRequest('You can only pass currency with amount_off.', 'currency')
  }
  const duration = input.duration ?? 'once'
  if (duration === 'repeating' && input.durationInMonths === undefined) {
    throw invalidRequest('You must pass duration_in_months when duration is repeating.', 'duration_in_months')
  }
  if (duration !== 'repeating' && input.durationInMonths !== undefined) {
    throw invalidRequest('duration_in_months can only be set when duration is repeating.', 'duration_in_months')
  }
  if (input.durationInMonths !== undefined && input.durationInMonths < 1) {
    throw invalidRequest('duration_in_months must be a positive integer.', 'duration_in_months')
  }
  if (input.maxRedemptions !== undefined && input.maxRedemptions < 1) {
    throw invalidRequest('max_redemptions must be a positive integer.', 'max_redemptions')
  }
  const now = emulator.now()
  if (input.redeemBy !== undefined && input.redeemBy <= now) {
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'redeem_by')
  }
  if (input.id !== undefined && emulator.state.find('coupon', input.id)) {
    throw invalidRequest('Coupon already exists.', 'id', 'resource_already_exists')
  }
  const coupon: StoredCoupon = {
    id: input.id ?? emulator.state.newId('').slice(1, 9),
    object: 'coupon',
    amount_off: input.amountOff ?? null,
    ...(input.appliesToProducts ? { applies_to: { products: input.appliesToProducts } } : {}),
    created: now,
    currency: input.amountOff !== undefined ? (input.currency?.toLowerCase() ?? null) : null,
    duration,
    duration_in_months: input.durationInMonths ?? null,
    livemode: false,
    max_redemptions: input.maxRedemptions ?? null,
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    percent_off: input.percentOff ?? null,
    redeem_by: input.redeemBy ?? null,
    times_redeemed: 0,
    valid: true,
  }
  emulator.state.insert(coupon)
  emulator.emit('coupon.created', coupon)
  return coupon
}

/** Deletes a coupon (discounts already made from it stay) and emits coupon.deleted. */
export function deleteCoupon(emulator: Emulator, id: string): { id: string; object: 'coupon'; deleted: true } {
  const coupon = requireCoupon(emulator, id, 'id')
  emulator.emit('coupon.deleted', coupon)
  emulator.state.remove(coupon.id)
  const tombstone = { id: coupon.id, object: 'coupon' as const, deleted: true as const }
  emulator.state.insert(tombstone)
  return tombstone
}

/**
 * Why a coupon can no longer be redeemed (past `redeem_by` at `now`, which follows the redeeming customer's test
 * clock, or at `max_redemptions`), or null when it can.
 */
export function couponExhausted(emulator: Emulator, coupon: StoredCoupon, now = emulator.now()): string | null {
  if (coupon.redeem_by !== null && now > coupon.redeem_by) return 'its redeem_by date has passed'
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) {
    return 'it has reached its max_redemptions'
  }
  return null
}

/** `valid` as Stripe reports it: false once the coupon can no longer be redeemed. */
export function refreshValidity(emulator: Emulator, coupon: StoredCoupon): StoredCoupon {
  coupon.valid = couponExhausted(emulator, coupon) === null
  return coupon
}
