import type Stripe from 'stripe'
import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import type { Params } from '../http/params.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import { validUrl } from '../http/valid-url.js'
import type { StoredObject } from '../state/emulator-state.js'
import {
  defaultPortalConfiguration,
  requirePortalConfiguration,
  type StoredPortalConfiguration,
} from './portal-configuration.js'
import { readPortalFlow } from './read-portal-flow.js'

export type StoredPortalSession = Stripe.BillingPortal.Session & StoredObject

/** Emulator-private state of a portal session, kept out of API responses. */
export type PortalSessionProgress = {
  /** Real time (ms) the session was created; the link must be opened soon after, as on Stripe. */
  createdAtMs: number
  /** Real time (ms) the link was first opened; from then on it works for `visitLifetimeMs`. */
  firstVisitedAtMs?: number
  /** Set when the session's deep-link flow has been completed. */
  flowCompleted?: boolean
}

/** Stripe's portal links are short-lived: open within 5 minutes, then usable for a browsing session. */
export const unvisitedLifetimeMs = 5 * 60 * 1000
export const visitLifetimeMs = 60 * 60 * 1000

const locales = [
  'auto',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'en-AU',
  'en-CA',
  'en-GB',
  'en-IE',
  'en-IN',
  'en-NZ',
  'en-SG',
  'es',
  'es-419',
  'et',
  'fi',
  'fil',
  'fr',
  'fr-CA',
  'hr',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'lt',
  'lv',
  'ms',
  'mt',
  'nb',
  'nl',
  'pl',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'sk',
  'sl',
  'sv',
  'th',
  'tr',
  'vi',
  'zh',
  'zh-HK',
  'zh-TW',
] as const

/** `POST /v1/billing_portal/sessions`: validates the request, stores the session, emits `billing_portal.session.created`. */
export function createPortalSession(emulator: Emulator, params: Params): StoredPortalSession {
  params.only(['customer', 'return_url', 'configuration', 'locale', 'flow_data', 'on_behalf_of', 'customer_account'])
  if (params.has('customer_account')) {
    throw invalidRequest('The emulator supports portal sessions for customers only.', 'customer_account')
  }
  if (params.has('on_behalf_of')) {
    throw invalidRequest('The emulator does not support Connect (on_behalf_of).', 'on_behalf_of')
  }
  const customer = requireCustomer(emulator, params.requiredString('customer'))
  const configId = params.string('configuration')
  const config = configId ? requirePortalConfiguration(emulator, configId) : defaultPortalConfiguration(emulator)
  if (!config.active) {
    throw invalidRequest(
      `The configuration ${config.id} is not active. Activate it or use another configuration.`,
      'configuration',
    )
  }
  // Stripe creates a session with neither return_url nor default_return_url; its page then has no way back.
  const returnUrl = params.string('return_url') ?? config.default_return_url ?? null
  const locale = params.enum('locale', locales) ?? null
  const flowData = params.object('flow_data')
  const flow = flowData ? readPortalFlow(emulator, flowData, customer.id, config) : null

  const id = emulator.state.newId('bps')
  const session = emulator.state.insert<StoredPortalSession>({
    id,
    object: 'billing_portal.session',
    configuration: config.id,
    created: emulator.now(),
    customer: customer.id,
    customer_account: null,
    flow,
    livemode: false,
    locale,
    on_behalf_of: null,
    return_url: returnUrl === null ? null : validUrl(returnUrl, 'return_url'),
    url: `${emulator.url}/p/session/${id}`,
  })
  emulator.state.hidden<Partial<PortalSessionProgress>>(id).createdAtMs = Date.now()
  emulator.emit('billing_portal.session.created', session)
  return session
}

export type PortalSessionAccess =
  | { ok: true; session: StoredPortalSession; config: StoredPortalConfiguration; progress: PortalSessionProgress }
  | { ok: false; reason: 'missing' | 'expired' }

/**
 * Looks up a session for a hosted page. Expiry is measured in real time, not test-clock time:
 * it limits how long a link someone holds stays usable, which simulated billing time does not change.
 * The first visit starts the browsing window (emulator-private; no Stripe object changes).
 */
export function openPortalSession(emulator: Emulator, id: string): PortalSessionAccess {
  const session = emulator.state.find<StoredPortalSession>('billing_portal.session', id)
  if (!session) return { ok: false, reason: 'missing' }
  const progress = emulator.state.hidden<PortalSessionProgress>(id)
  const now = Date.now()
  if (progress.firstVisitedAtMs === undefined) {
    if (now - progress.createdAtMs > unvisitedLifetimeMs) return { ok: false, reason: 'expired' }
    progress.firstVisitedAtMs = now
  } else if (now - progress.firstVisitedAtMs > visitLifetimeMs) {
    return { ok: false, reason: 'expired' }
  }
  const config = requirePortalConfiguration(emulator, session.configuration as string)
  return { ok: true, session, config, progress }
}
