import { applyChaosSettings, parseChaosSettings } from '../events/chaos-settings.js'
import { WebhookIdleTimeoutError } from '../events/webhook-dispatcher.js'
import type { PageResponse, PageRoute } from '../pages/page-router.js'
import { parseEmulatorSettings, parseWebhookDeliverySettings } from './parse-settings.js'

function json(body: unknown, status = 200): PageResponse {
  return {
    status,
    contentType: 'application/json',
    body: JSON.stringify(body),
    headers: { 'cache-control': 'no-store' },
  }
}

/** Runs a validation; its message becomes a 400 answer. */
function validated<T>(parse: () => T): T | PageResponse {
  try {
    return parse()
  } catch (error) {
    return json({ error: { message: error instanceof Error ? error.message : String(error) } }, 400)
  }
}

function isResponse(value: unknown): value is PageResponse {
  return typeof value === 'object' && value !== null && 'contentType' in value
}

/**
 * `/_emulator/*`: test controls (JSON in, JSON out). Reset state, list webhook deliveries,
 * set chaos rates and settings, wait for deliveries to settle.
 */
export const controlRoutes: PageRoute[] = [
  {
    method: 'GET',
    pattern: '/_emulator/health',
    handler: ({ emulator }) => json({ status: 'ok', apiVersion: emulator.apiVersion, url: emulator.url }),
  },
  {
    method: 'POST',
    pattern: '/_emulator/reset',
    handler: ({ emulator }) => {
      emulator.reset()
      return json({ reset: true })
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/deliveries',
    handler: ({ emulator, query }) =>
      json({
        object: 'list',
        data: emulator.webhooks.deliveries({
          eventId: query.get('event') ?? undefined,
          type: query.get('type') ?? undefined,
        }),
      }),
  },
  {
    method: 'POST',
    pattern: '/_emulator/webhooks/flush',
    handler: async ({ emulator, query }) => {
      const timeoutMs = Number(query.get('timeoutMs') ?? 30_000)
      if (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > 600_000) {
        return json({ error: { message: 'timeoutMs must be a whole number of milliseconds up to 600000.' } }, 400)
      }
      try {
        await emulator.webhooks.idle(timeoutMs)
      } catch (error) {
        if (!(error instanceof WebhookIdleTimeoutError)) throw error
        return json({ idle: false, ...emulator.webhooks.pending(), error: { message: error.message } }, 504)
      }
      return json({ idle: true, deliveries: emulator.webhooks.deliveries().length })
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/webhooks/settings',
    handler: ({ emulator }) => json(emulator.webhooks.settings),
  },
  {
    method: 'POST',
    pattern: '/_emulator/webhooks/settings',
    handler: ({ emulator, form }) => {
      const changes = validated(() => parseWebhookDeliverySettings(form))
      if (isResponse(changes)) return changes
      Object.assign(emulator.webhooks.settings, changes)
      return json(emulator.webhooks.settings)
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/chaos',
    handler: ({ emulator }) => json(emulator.chaos),
  },
  {
    method: 'POST',
    pattern: '/_emulator/chaos',
    handler: ({ emulator, form }) => {
      const changes = validated(() => parseChaosSettings(form))
      if (isResponse(changes)) return changes
      applyChaosSettings(emulator.chaos, changes)
      return json(emulator.chaos)
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/settings',
    handler: ({ emulator }) => json(emulator.settings),
  },
  {
    method: 'POST',
    pattern: '/_emulator/settings',
    handler: ({ emulator, form }) => {
      const changes = validated(() => parseEmulatorSettings(form))
      if (isResponse(changes)) return changes
      Object.assign(emulator.settings, changes)
      return json(emulator.settings)
    },
  },
]
