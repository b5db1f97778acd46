import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import type { ApiRoute } from '../http/router.js'
import { noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredPrice = Stripe.Price & StoredObject

/** Returns a price or throws Stripe's 404. */
export function requirePrice(emulator: Emulator, id: string, param = 'price'): StoredPrice {
  const price = emulator.state.find<StoredPrice>('price', id)
  if (!price) throw noSuchResource('price', id, param)
  return price
}

export const pricesRoutes: ApiRoute[] = []
