import { paginate } from '../http/paginate.js'
import type { ApiRoute } from '../http/router.js'
import { applyPortalConfigurationParams } from '../portal/apply-portal-configuration-params.js'
import {
  blankPortalConfiguration,
  defaultPortalConfiguration,
  requirePortalConfiguration,
  type StoredPortalConfiguration,
} from '../portal/portal-configuration.js'
import { createPortalSession } from '../portal/portal-session.js'
import { previousAttributes } from '../state/previous-attributes.js'

export const billingPortalRoutes: ApiRoute[] = [
  {
    method: 'POST',
    pattern: '/v1/billing_portal/configurations',
    handler: ({ params, emulator }) => {
      // The account's default exists before any other, as on Stripe where the Dashboard one is always there.
      defaultPortalConfiguration(emulator)
      const config = blankPortalConfiguration(emulator, false)
      applyPortalConfigurationParams(emulator, config, params, 'create')
      emulator.state.insert(config)
      emulator.emit('billing_portal.configuration.created', config)
      return config
    },
  },
  {
    method: 'GET',
    pattern: '/v1/billing_portal/configurations',
    handler: ({ params, emulator }) => {
      params.only(['active', 'is_default', 'limit', 'starting_after', 'ending_before'])
      defaultPortalConfiguration(emulator)
      const active = params.boolean('active')
      const isDefault = params.boolean('is_default')
      const items = emulator.state.list<StoredPortalConfiguration>(
        'billing_portal.configuration',
        (c) => (active === undefined || c.active === active) && (isDefault === undefined || c.is_default === isDefault),
      )
      return paginate(items, params, '/v1/billing_portal/configurations')
    },
  },
  {
    method: 'GET',
    pattern: '/v1/billing_portal/configurations/:id',
    handler: ({ pathParams, emulator }) => requirePortalConfiguration(emulator, pathParams.id as string, 'id'),
  },
  {
    method: 'POST',
    pattern: '/v1/billing_portal/configurations/:id',
    handler: ({ pathParams, params, emulator }) => {
      const config = requirePortalConfiguration(emulator, pathParams.id as string, 'id')
      const before = structuredClone(config)
      const draft = structuredClone(config)
      applyPortalConfigurationParams(emulator, draft, params, 'update')
      Object.assign(config, draft)
      const prev = previousAttributes(before, config)
      if (prev && Object.keys(prev).some((key) => key !== 'updated')) {
        emulator.emit('billing_portal.configuration.updated', config, { previousAttributes: prev })
      }
      return config
    },
  },
  {
    method: 'POST',
    pattern: '/v1/billing_portal/sessions',
    handler: ({ params, emulator }) => createPortalSession(emulator, params),
  },
]
