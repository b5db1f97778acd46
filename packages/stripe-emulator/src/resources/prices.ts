import type Stripe from 'stripe'
import { wireDecimal } from '../billing/wire-decimal.js'
import type { Emulator } from '../emulator.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'
import { previousAttributes } from '../state/previous-attributes.js'
import { createProduct, requireProduct } from './products.js'

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
  if (input.lookupKey) claimLookupKey(emulator, input.lookupKey, input.transferLookupKey ?? false, 'lookup_key')
  const price: StoredPrice = {
    id: emulator.state.newId('price'),
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
function claimLookupKey(emulator: Emulator, key: string, transfer: boolean, param: string): void {
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

export function readRecurring(recurring: Params | undefined): RecurringInput | undefined {
  if (!recurring) return undefined
  recurring.only(['interval', 'interval_count', 'usage_type', 'trial_period_days', 'meter', 'aggregate_usage'])
  const interval = recurring.enum('interval', ['day', 'week', 'month', 'year'] as const)
  if (!interval)
    throw invalidRequest('Missing required param: recurring[interval].', 'recurring[interval]', 'parameter_missing')
  const usageType = recurring.enum('usage_type', ['licensed', 'metered'] as const)
  if (usageType === 'metered') {
    throw invalidRequest('The emulator supports licensed (per-seat) recurring prices only.', 'recurring[usage_type]')
  }
  return {
    interval,
    intervalCount: recurring.integer('interval_count'),
    usageType,
    trialPeriodDays: recurring.integer('trial_period_days') ?? null,
  }
}

/** `unit_amount`, or a whole-number `unit_amount_decimal`. */
export function readUnitAmount(params: Params): number {
  const amount = params.integer('unit_amount')
  if (amount !== undefined) {
    if (amount < 0) throw invalidRequest('This value must be greater than or equal to 0.', 'unit_amount')
    return amount
  }
  const decimal = params.string('unit_amount_decimal')
  if (decimal !== undefined) {
    if (!/^\d+$/.test(decimal)) {
      throw invalidRequest('The emulator supports whole-number unit_amount_decimal values only.', 'unit_amount_decimal')
    }
    return Number(decimal)
  }
  throw invalidRequest('Missing required param: unit_amount.', 'unit_amount', 'parameter_missing')
}

const taxBehaviors = ['exclusive', 'inclusive', 'unspecified'] as const

export const pricesRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/prices',
    handler: ({ params, emulator }) => {
      params.only([
        'currency',
        'unit_amount',
        'unit_amount_decimal',
        'product',
        'product_data',
        'recurring',
        'lookup_key',
        'transfer_lookup_key',
        'nickname',
        'metadata',
        'active',
        'tax_behavior',
        'billing_scheme',
      ])
      const currency = params.requiredString('currency')
      params.enum('billing_scheme', ['per_unit'] as const)
      let productId = params.string('product')
      const productData = params.object('product_data')
      if (productId && productData) {
        throw invalidRequest('You may only specify one of these parameters: product, product_data.', 'product')
      }
      const unitAmount = readUnitAmount(params)
      const recurring = readRecurring(params.object('recurring'))
      if (productId) {
        requireProduct(emulator, productId, 'product')
      } else if (productData) {
        productData.only(['name', 'id', 'active', 'metadata', 'statement_descriptor', 'unit_label', 'tax_code'])
        productId = createProduct(emulator, {
          id: productData.string('id'),
          name: productData.requiredString('name'),
          active: productData.boolean('active'),
          metadata: productData.metadata() ?? {},
          statementDescriptor: productData.string('statement_descriptor') ?? null,
          unitLabel: productData.string('unit_label') ?? null,
          taxCode: productData.string('tax_code') ?? null,
        }).id
      } else {
        throw invalidRequest(
          'You must specify either `product` or `product_data` when creating a price.',
          'product',
          'parameter_missing',
        )
      }
      return createPrice(emulator, {
        product: productId,
        currency,
        unitAmount,
        recurring,
        lookupKey: params.string('lookup_key') ?? null,
        transferLookupKey: params.boolean('transfer_lookup_key'),
        nickname: params.string('nickname') ?? null,
        metadata: params.metadata() ?? {},
        active: params.boolean('active'),
        taxBehavior: params.enum('tax_behavior', taxBehaviors),
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/prices/:id',
    handler: ({ pathParams, emulator }) => requirePrice(emulator, pathParams.id as string, 'price'),
  },
  {
    method: 'POST',
    pattern: '/v1/prices/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['active', 'nickname', 'metadata', 'lookup_key', 'transfer_lookup_key', 'tax_behavior'])
      const price = requirePrice(emulator, pathParams.id as string, 'price')
      const before = structuredClone(price)
      const active = params.boolean('active')
      if (active !== undefined) price.active = active
      const nickname = params.nullableString('nickname')
      if (nickname !== undefined) price.nickname = nickname
      const metadata = params.metadata('metadata', price.metadata)
      if (metadata) price.metadata = metadata
      const lookupKey = params.nullableString('lookup_key')
      if (lookupKey !== undefined && lookupKey !== price.lookup_key) {
        if (lookupKey !== null)
          claimLookupKey(emulator, lookupKey, params.boolean('transfer_lookup_key') ?? false, 'lookup_key')
        price.lookup_key = lookupKey
      }
      const taxBehavior = params.enum('tax_behavior', taxBehaviors)
      if (taxBehavior !== undefined) {
        if (price.tax_behavior !== 'unspecified' && taxBehavior !== price.tax_behavior) {
          throw invalidRequest(
            'The tax_behavior of a price can only be changed while it is `unspecified`.',
            'tax_behavior',
          )
        }
        price.tax_behavior = taxBehavior
      }
      const prev = previousAttributes(before, price)
      if (prev) emulator.emit('price.updated', price, { previousAttributes: prev })
      return price
    },
  },
  {
    method: 'GET',
    pattern: '/v1/prices',
    handler: ({ params, emulator }) => {
      params.only([
        'active',
        'currency',
        'product',
        'type',
        'lookup_keys',
        'recurring',
        'created',
        'limit',
        'starting_after',
        'ending_before',
      ])
      const active = params.boolean('active')
      const currency = params.string('currency')?.toLowerCase()
      const product = params.string('product')
      const type = params.enum('type', ['one_time', 'recurring'] as const)
      const lookupKeys = params.stringArray('lookup_keys')
      const recurring = params.object('recurring')
      recurring?.only(['interval', 'usage_type', 'meter'])
      const interval = recurring?.enum('interval', ['day', 'week', 'month', 'year'] as const)
      const usageType = recurring?.enum('usage_type', ['licensed', 'metered'] as const)
      const created = createdFilter(params)
      const items = emulator.state.list<StoredPrice>(
        'price',
        (p) =>
          (active === undefined || p.active === active) &&
          (currency === undefined || p.currency === currency) &&
          (product === undefined || p.product === product) &&
          (type === undefined || p.type === type) &&
          (lookupKeys === undefined || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))) &&
          (interval === undefined || p.recurring?.interval === interval) &&
          (usageType === undefined || p.recurring?.usage_type === usageType) &&
          created(p),
      )
      return paginate(items, params, '/v1/prices')
    },
  },
]
