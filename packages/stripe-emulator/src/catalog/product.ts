import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredProduct = Stripe.Product & StoredObject

/** Returns a live (not deleted) product or throws Stripe's 404. */
export function requireProduct(emulator: Emulator, id: string, param = 'product'): StoredProduct {
  const product = emulator.state.find<StoredProduct>('product', id)
  if (!product || (product as { deleted?: boolean }).deleted) throw noSuchResource('product', id, param)
  return product
}

export interface CreateProductInput {
  id?: string
  name: string
  active?: boolean
  description?: string | null
  metadata?: Record<string, string>
  images?: string[]
  url?: string | null
  unitLabel?: string | null
  statementDescriptor?: string | null
  taxCode?: string | null
  shippable?: boolean | null
  marketingFeatures?: string[]
}

/** Creates a product and emits product.created. */
export function createProduct(emulator: Emulator, input: CreateProductInput): StoredProduct {
  if (input.id !== undefined && emulator.state.findAny(input.id)) {
    throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists')
  }
  const now = emulator.now()
  const product: StoredProduct = {
    id: input.id ?? emulator.state.newId('prod'),
    object: 'product',
    active: input.active ?? true,
    created: now,
    default_price: null,
    description: input.description ?? null,
    images: input.images ?? [],
    livemode: false,
    marketing_features: (input.marketingFeatures ?? []).map((name) => ({ name })),
    metadata: input.metadata ?? {},
    name: input.name,
    package_dimensions: null,
    shippable: input.shippable ?? null,
    statement_descriptor: input.statementDescriptor ?? null,
    tax_code: input.taxCode ?? null,
    tax_details: null,
    type: 'service',
    unit_label: input.unitLabel ?? null,
    updated: now,
    url: input.url ?? null,
  }
  emulator.state.insert(product)
  emulator.emit('product.created', product)
  return product
}
