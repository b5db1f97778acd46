import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import { previousAttributes } from '../state/previous-attributes.js'
import { type CreatePriceInput, createPrice, planFromPrice, type StoredPrice } from './price.js'

/** A plan is the legacy view of a recurring price: same id, same product, `amount` for `unit_amount`. */
export type StoredPlan = Stripe.Plan & StoredObject

/** The recurring price behind a plan id, or Stripe's 404 for a plan. */
export function requirePlanPrice(emulator: Emulator, id: string): StoredPrice {
  const price = emulator.state.find<StoredPrice>('price', id)
  if (price?.type !== 'recurring') throw noSuchResource('plan', id, 'plan')
  return price
}

/** Creates a plan as a recurring price; emits price.created and plan.created. */
export function createPlan(emulator: Emulator, input: CreatePriceInput & { recurring: object }): StoredPlan {
  const price = createPrice(emulator, input)
  const plan = planFromPrice(price) as StoredPlan
  emulator.emit('plan.created', plan)
  return plan
}

export interface UpdatePlanInput {
  active?: boolean
  nickname?: string | null
  metadata?: Record<string, string>
  trialPeriodDays?: number | null
}

/** Updates a plan's price; emits price.updated and plan.updated with `previous_attributes`. */
export function updatePlan(emulator: Emulator, id: string, changes: UpdatePlanInput): StoredPlan {
  const price = requirePlanPrice(emulator, id)
  const beforePrice = structuredClone(price)
  const beforePlan = planFromPrice(price) as StoredPlan
  if (changes.active !== undefined) price.active = changes.active
  if (changes.nickname !== undefined) price.nickname = changes.nickname
  if (changes.metadata) price.metadata = changes.metadata
  if (changes.trialPeriodDays !== undefined && price.recurring) {
    price.recurring = { ...price.recurring, trial_period_days: changes.trialPeriodDays }
  }
  const plan = planFromPrice(price) as StoredPlan
  const pricePrevious = previousAttributes(beforePrice, price)
  if (pricePrevious) emulator.emit('price.updated', price, { previousAttributes: pricePrevious })
  const planPrevious = previousAttributes(beforePlan, plan)
  if (planPrevious) emulator.emit('plan.updated', plan, { previousAttributes: planPrevious })
  return plan
}

/**
 * Deletes a plan and the price behind it (subscriptions keep their copy); emits plan.deleted and price.deleted.
 */
export function deletePlan(emulator: Emulator, id: string): { id: string; object: 'plan'; deleted: true } {
  const price = requirePlanPrice(emulator, id)
  emulator.state.remove(price.id)
  emulator.emit('plan.deleted', planFromPrice(price) as StoredPlan)
  emulator.emit('price.deleted', price)
  return { id: price.id, object: 'plan', deleted: true }
}
