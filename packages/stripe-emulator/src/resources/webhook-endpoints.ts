import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import { setWebhookEndpointSecret } from '../events/webhook-endpoint-secret.js'
import { generateWebhookSecret } from '../events/webhook-signature.js'
import { paginate } from '../http/paginate.js'
import type { Params } from '../http/params.js'
import type { ApiRoute } from '../http/router.js'
import { invalidRequest, missingParam, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredWebhookEndpoint = Stripe.WebhookEndpoint & StoredObject

function requireEndpoint(emulator: Emulator, id: string): StoredWebhookEndpoint {
  const endpoint = emulator.state.find<StoredWebhookEndpoint>('webhook_endpoint', id)
  if (!endpoint) throw noSuchResource('webhook_endpoint', id, 'id')
  return endpoint
}

function readUrl(params: Params): string | undefined {
  const url = params.string('url')
  if (url === undefined) return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalidRequest(`Invalid URL: ${url}`, 'url', 'url_invalid')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidRequest(`Invalid URL: ${url}. The URL must use http or https.`, 'url', 'url_invalid')
  }
  return url
}

// The emulator does not keep Stripe's list of event names; it accepts anything shaped like one.
function readEnabledEvents(params: Params): string[] | undefined {
  const events = params.stringArray('enabled_events')
  if (events === undefined) return undefined
  if (events.length === 0) throw missingParam('enabled_events')
  events.forEach((type, i) => {
    if (type !== '*' && !/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(type)) {
      throw invalidRequest(`Invalid enabled_events[${i}]: ${type} is not an event type.`, `enabled_events[${i}]`)
    }
  })
  return [...new Set(events)]
}

export const webhookEndpointsRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/webhook_endpoints',
    handler: ({ params, emulator }) => {
      params.only(['url', 'enabled_events', 'description', 'metadata', 'api_version', 'connect'])
      const url = readUrl(params)
      if (!url) throw missingParam('url')
      const enabledEvents = readEnabledEvents(params)
      if (!enabledEvents) throw missingParam('enabled_events')
      if (params.boolean('connect')) {
        throw invalidRequest(
          'The emulator has no connected accounts, so Connect endpoints are not supported.',
          'connect',
        )
      }
      const apiVersion = params.string('api_version')
      if (apiVersion !== undefined && !/^\d{4}-\d{2}-\d{2}(\.\w+)?$/.test(apiVersion)) {
        throw invalidRequest(`Invalid api_version: ${apiVersion}`, 'api_version')
      }
      const secret = generateWebhookSecret()
      const endpoint = emulator.state.insert({
        id: emulator.state.newId('we'),
        object: 'webhook_endpoint',
        api_version: apiVersion ?? null,
        application: null,
        created: emulator.now(),
        description: params.nullableString('description') ?? null,
        enabled_events: enabledEvents,
        livemode: false,
        metadata: params.metadata() ?? {},
        status: 'enabled',
        url,
      } as StoredWebhookEndpoint)
      setWebhookEndpointSecret(emulator.state, endpoint.id, secret)
      // Like Stripe, the secret is in the create response only.
      return { ...endpoint, secret }
    },
  },
  {
    method: 'GET',
    pattern: '/v1/webhook_endpoints/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      return requireEndpoint(emulator, pathParams.id as string)
    },
  },
  {
    method: 'POST',
    pattern: '/v1/webhook_endpoints/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only(['url', 'enabled_events', 'description', 'metadata', 'disabled'])
      const endpoint = requireEndpoint(emulator, pathParams.id as string)
      const url = readUrl(params)
      const enabledEvents = readEnabledEvents(params)
      const description = params.nullableString('description')
      const metadata = params.metadata('metadata', endpoint.metadata)
      const disabled = params.boolean('disabled')
      if (url !== undefined) endpoint.url = url
      if (enabledEvents !== undefined) endpoint.enabled_events = enabledEvents
      if (description !== undefined) endpoint.description = description
      if (metadata !== undefined) endpoint.metadata = metadata
      if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled'
      return endpoint
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/webhook_endpoints/:id',
    handler: ({ pathParams, params, emulator }) => {
      params.only([])
      const endpoint = requireEndpoint(emulator, pathParams.id as string)
      emulator.state.remove(endpoint.id)
      return { id: endpoint.id, object: 'webhook_endpoint', deleted: true }
    },
  },
  {
    method: 'GET',
    pattern: '/v1/webhook_endpoints',
    handler: ({ params, emulator }) => {
      params.only(['limit', 'starting_after', 'ending_before'])
      return paginate(emulator.state.list<StoredWebhookEndpoint>('webhook_endpoint'), params, '/v1/webhook_endpoints')
    },
  },
]
