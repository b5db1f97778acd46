import { requireCustomer } from '../customers/customer.js'
import { emitUpdate } from '../events/emit-update.js'
import { paginate } from '../http/paginate.js'
import type { ApiRoute } from '../http/router.js'
import { addCardSource, cardSourcesOf, removeCardSource, requireCardSource } from '../payment-methods/card-source.js'

/** Legacy card sources: `/v1/customers/:id/sources` with `source: tok_…`. */
export const customerSourcesRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/customers/:id/sources',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['source', 'metadata', 'validate'])
      params.boolean('validate')
      const customer = requireCustomer(emulator, pathParams.id as string, 'id')
      const before = structuredClone(customer)
      const card = addCardSource(emulator, customer, params.requiredString('source'))
      const metadata = params.metadata()
      if (metadata) card.metadata = metadata
      emitUpdate(emulator, 'customer.updated', before, customer, (customer.test_clock as string | null) ?? null)
      return card
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:id/sources',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['object', 'limit', 'starting_after', 'ending_before'])
      const object = params.string('object')
      const customer = requireCustomer(emulator, pathParams.id as string, 'id')
      const cards = object === undefined || object === 'card' ? cardSourcesOf(emulator, customer.id) : []
      return paginate(cards, params, `/v1/customers/${customer.id}/sources`)
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:id/sources/:source',
    handler: ({ pathParams, emulator }) => {
      const customer = requireCustomer(emulator, pathParams.id as string, 'id')
      return requireCardSource(emulator, customer, pathParams.source as string)
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/customers/:id/sources/:source',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      const customer = requireCustomer(emulator, pathParams.id as string, 'id')
      const card = requireCardSource(emulator, customer, pathParams.source as string)
      const before = structuredClone(customer)
      const deleted = removeCardSource(emulator, customer, card)
      emitUpdate(emulator, 'customer.updated', before, customer, (customer.test_clock as string | null) ?? null)
      return deleted
    },
  },
]
