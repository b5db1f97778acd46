import { claimLookupKey, createPrice, requirePrice, type StoredPrice } from '../catalog/price.js'
import { requireProduct } from '../catalog/product.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { previousAttributes } from '../state/previous-attributes.js'
import { createInlineProduct, readRecurring, readUnitAmount } from './read-price-params.js'

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
        productId = createInlineProduct(emulator, productData)
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
