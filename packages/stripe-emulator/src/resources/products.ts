import { createPrice, type StoredPrice } from '../catalog/price.js'
import { createProduct, requireProduct, type StoredProduct } from '../catalog/product.js'
import { createdFilter, paginate } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import { previousAttributes } from '../state/previous-attributes.js'
import { readRecurring, readUnitAmount } from './read-price-params.js'

const writable = [
  'name',
  'active',
  'description',
  'metadata',
  'images',
  'url',
  'unit_label',
  'statement_descriptor',
  'tax_code',
  'shippable',
  'marketing_features',
]

function readMarketingFeatures(params: Params): string[] | undefined {
  return params.array('marketing_features')?.map((feature) => {
    feature.only(['name'])
    return feature.requiredString('name')
  })
}

export const productsRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/products',
    handler: ({ params, emulator }) => {
      params.only([...writable, 'id', 'default_price_data', 'type'])
      params.enum('type', ['service', 'good'] as const)
      const priceData = params.object('default_price_data')
      priceData?.only(['currency', 'unit_amount', 'unit_amount_decimal', 'recurring', 'tax_behavior', 'metadata'])
      const product = createProduct(emulator, {
        id: params.string('id'),
        name: params.requiredString('name'),
        active: params.boolean('active'),
        description: params.string('description') ?? null,
        metadata: params.metadata() ?? {},
        images: params.stringArray('images') ?? [],
        url: params.string('url') ?? null,
        unitLabel: params.string('unit_label') ?? null,
        statementDescriptor: params.string('statement_descriptor') ?? null,
        taxCode: params.string('tax_code') ?? null,
        shippable: params.boolean('shippable') ?? null,
        marketingFeatures: readMarketingFeatures(params),
      })
      if (priceData) {
        const price = createPrice(emulator, {
          product: product.id,
          currency: priceData.requiredString('currency'),
          unitAmount: readUnitAmount(priceData),
          recurring: readRecurring(priceData.object('recurring')),
          metadata: priceData.metadata() ?? {},
        })
        product.default_price = price.id
      }
      return product
    },
  },
  {
    method: 'GET',
    pattern: '/v1/products/:id',
    handler: ({ pathParams, emulator }) => {
      const product = emulator.state.find<StoredProduct>('product', pathParams.id as string)
      if (!product) throw noSuchResource('product', pathParams.id as string, 'id')
      return product
    },
  },
  {
    method: 'POST',
    pattern: '/v1/products/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([...writable, 'default_price'])
      const product = requireProduct(emulator, pathParams.id as string, 'id')
      const before = structuredClone(product)
      const name = params.string('name')
      if (name !== undefined) {
        if (name === '') throw invalidRequest('You cannot set a product name to an empty string.', 'name')
        product.name = name
      }
      const active = params.boolean('active')
      if (active !== undefined) product.active = active
      for (const [param, key] of [
        ['description', 'description'],
        ['url', 'url'],
        ['unit_label', 'unit_label'],
        ['statement_descriptor', 'statement_descriptor'],
        ['tax_code', 'tax_code'],
      ] as const) {
        const value = params.nullableString(param)
        if (value !== undefined) product[key] = value
      }
      const shippable = params.boolean('shippable')
      if (shippable !== undefined) product.shippable = shippable
      const images = params.stringArray('images')
      if (images !== undefined || params.raw.images === '') product.images = images ?? []
      const features = readMarketingFeatures(params)
      if (features !== undefined || params.raw.marketing_features === '') {
        product.marketing_features = (features ?? []).map((n) => ({ name: n }))
      }
      const metadata = params.metadata('metadata', product.metadata)
      if (metadata) product.metadata = metadata
      const defaultPrice = params.nullableString('default_price')
      if (defaultPrice !== undefined) {
        if (defaultPrice !== null) {
          const price = emulator.state.find<StoredPrice>('price', defaultPrice)
          if (!price) throw noSuchResource('price', defaultPrice, 'default_price')
          if (price.product !== product.id) {
            throw invalidRequest(
              `The price \`${defaultPrice}\` does not belong to the product \`${product.id}\`.`,
              'default_price',
            )
          }
          if (!price.active) {
            throw invalidRequest('The default price of a product must be active.', 'default_price')
          }
        }
        product.default_price = defaultPrice
      }
      const prev = previousAttributes(before, product)
      if (prev) {
        product.updated = emulator.now()
        emulator.emit('product.updated', product, { previousAttributes: prev })
      }
      return product
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/products/:id',
    handler: ({ pathParams, emulator }) => {
      const product = requireProduct(emulator, pathParams.id as string, 'id')
      if (emulator.state.list<StoredPrice>('price', (p) => p.product === product.id).length > 0) {
        throw invalidRequest(
          'This product cannot be deleted because it has one or more user-created prices.',
          undefined,
          'product_has_prices',
        )
      }
      emulator.emit('product.deleted', product)
      const tombstone = { id: product.id, object: 'product', deleted: true }
      emulator.state.remove(product.id)
      emulator.state.insert(tombstone)
      return tombstone
    },
  },
  {
    method: 'GET',
    pattern: '/v1/products',
    handler: ({ params, emulator }) => {
      params.only(['active', 'ids', 'url', 'shippable', 'created', 'limit', 'starting_after', 'ending_before'])
      const active = params.boolean('active')
      const ids = params.stringArray('ids')
      const url = params.string('url')
      const shippable = params.boolean('shippable')
      const created = createdFilter(params)
      const items = emulator.state.list<StoredProduct>(
        'product',
        (p) =>
          !(p as { deleted?: boolean }).deleted &&
          (active === undefined || p.active === active) &&
          (ids === undefined || ids.includes(p.id)) &&
          (url === undefined || p.url === url) &&
          (shippable === undefined || p.shippable === shippable) &&
          created(p),
      )
      return paginate(items, params, '/v1/products')
    },
  },
]
