import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import { requireProduct } from './product.js'
import { wireDecimal } from './wire-decimal.js'

export type StoredPrice = Stripe.Price & StoredObject

/** Returns a price or throws Stripe's 404. */
export function requirePrice(emulator: Emulator, id: string, param = 'price'): StoredPrice {
  const price = emulator.state.find<StoredPrice>('price', id)
  if (!price) throw noSuchResource('price', id, param)
  return price
}

export interface RecurringInput {
  interval: Stripe.Price.Recurring.Interval
  intervalCount?: number
  usageType?: 'licensed' | 'metered'
  trialPeriodDays?: number | null
}

export interface CreatePriceInput {
  /** A chosen id, as the legacy plans API allows (`gold`); default `price_…`. */
  id?: string
  product: string
  currency: string
  unitAmount: number
  recurring?: RecurringInput
  lookupKey?: string | null
  transferLookupKey?: boolean
  nickname?: string | null
  metadata?: Record<string, string>
  active?: boolean
  taxBehavior?: Stripe.Price.TaxBehavior
}

const maxIntervalCount: Record<string, number> = { day: 365, week: 52, month: 12, year: 1 }

/** Creates a price (recurring when `recurring` is given) and emits price.created. */
export function createPrice(emulator: Emulator, input: CreatePriceInput): StoredPrice {
  requireProduct(emulator, input.product, 'product')
  const currency = input.currency.toLowerCase()
  if (!/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${input.currency}.`, 'currency')
  const recurring = input.recurring
  if (recurring) {
    const count = recurring.intervalCount ?? 1
    if (count < 1 || count > (maxIntervalCount[recurring.interval] ?? 1)) {
      throw invalidRequest(
        'Invalid recurring[interval_count]: the maximum billing period is one year (1 year, 12 months, 52 weeks or 365 days).',
        'recurring[interval_count]',
      )
    }
  }
  if (input.id !== undefined && emulator.state.findAny(input.id)) {
    throw invalidRequest('Plan already exists.', 'id', 'resource_already_exists')
  }
  if (input.lookupKey) claimLookupKey(emulator, input.lookupKey, input.transferLookupKey ?? false, 'lookup_key')
  const price: StoredPrice = {
    id: input.id ?? emulator.state.newId('price'),
    object: 'price',
    active: input.active ?? true,
    billing_scheme: 'per_unit',
    created: emulator.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: input.lookupKey ?? null,
    metadata: input.metadata ?? {},
    nickname: input.nickname ?? null,
    product: input.product,
    recurring: recurring
      ? {
          interval: recurring.interval,
          interval_count: recurring.intervalCount ?? 1,
          meter: null,
          trial_period_days: recurring.trialPeriodDays ?? null,
          usage_type: recurring.usageType ?? 'licensed',
        }
      : null,
    tax_behavior: input.taxBehavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: input.unitAmount,
    unit_amount_decimal: wireDecimal(input.unitAmount),
  }
  emulator.state.insert(price)
  emulator.emit('price.created', price)
  return price
}

/** Lookup keys are unique: with `transfer_lookup_key` the key moves from the price holding it, otherwise it is an error. */
export function claimLookupKey(emulator: Emulator, key: string, transfer: boolean, param: string): void {
  const holder = emulator.state.list<StoredPrice>('price', (p) => p.lookup_key === key)[0]
  if (!holder) return
  if (!transfer) {
    throw invalidRequest(
      `A price (\`${holder.id}\`) already uses that lookup key. Use \`transfer_lookup_key\` to transfer it to this price.`,
      param,
    )
  }
  holder.lookup_key = null
  emulator.emit('price.updated', holder, { previousAttributes: { lookup_key: key } })
}

/** The legacy `plan` view of a recurring price, as Stripe embeds it in subscription items. */
export function planFromPrice(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: price.recurring?.usage_type ?? 'licensed',
  }
}
