import type Stripe from 'stripe'
import { createdFilter, paginateStored } from '../http/paginate.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredEvent = Stripe.Event & StoredObject

/** `customer.*` style patterns of the `type` filter. */
function typeMatcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes('*')) return (type) => type === pattern
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  const regex = new RegExp(`^${source}$`)
  return (type) => regex.test(type)
}

export const eventsRoutes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/v1/events/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      const event = emulator.state.find<StoredEvent>('event', pathParams.id as string)
      if (!event) throw noSuchResource('event', pathParams.id as string, 'id')
      return event
    },
  },
  {
    method: 'GET',
    pattern: '/v1/events',
    handler: ({ params, emulator }) => {
      params.only(['type', 'types', 'created', 'delivery_success', 'limit', 'starting_after', 'ending_before'])
      const type = params.string('type')
      const types = params.stringArray('types')
      if (type !== undefined && types !== undefined) {
        throw invalidRequest('You may pass either `type` or `types`, but not both.', 'types')
      }
      if (types && types.length > 20) throw invalidRequest('`types` can contain at most 20 event types.', 'types')
      const matchesType = type !== undefined ? typeMatcher(type) : types ? (t: string) => types.includes(t) : () => true
      const deliverySuccess = params.boolean('delivery_success')
      const created = createdFilter(params)
      const filter = (e: StoredEvent) =>
        matchesType(e.type) &&
        (deliverySuccess === undefined || (e.pending_webhooks === 0) === deliverySuccess) &&
        created(e)
      return paginateStored(emulator.state, { type: 'event', filter }, params, '/v1/events')
    },
  },
]
