import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import type { ApiRoute } from '../http/router.js'
import { noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredProduct = Stripe.Product & StoredObject

/** Returns a product or throws Stripe's 404. */
export function requireProduct(emulator: Emulator, id: string, param = 'product'): StoredProduct {
  const product = emulator.state.find<StoredProduct>('product', id)
  if (!product) throw noSuchResource('product', id, param)
  return product
}

export const productsRoutes: ApiRoute[] = []
