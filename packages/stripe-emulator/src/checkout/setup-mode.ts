import type Stripe from 'stripe'
import type { Emulator } from '../emulator.js'
import type { Params } from '../http/params.js'
import { invalidRequest, missingParam } from '../http/stripe-api-error.js'
import { createSetupIntent, requireCardOnly } from '../setup-intents/setup-intent.js'
import type { StoredCheckoutSession } from './checkout-session.js'

export interface SetupModeParams {
  currency: string | null
  description?: string
  metadata: Record<string, string>
}

/**
 * The parameters of a Checkout Session in `setup` mode: no `line_items` or `subscription_data`, a `currency` unless
 * `allowed_payment_method_types` is set, and `setup_intent_data` for the SetupIntent it creates.
 */
export function readSetupModeParams(params: Params): SetupModeParams {
  for (const key of ['line_items', 'subscription_data']) {
    if (params.has(key)) throw invalidRequest(`You cannot pass \`${key}\` in \`setup\` mode.`, key)
  }
  const allowed = params.stringArray('allowed_payment_method_types')
  if (allowed) requireCardOnly(allowed)
  const currency = params.string('currency')?.toLowerCase() ?? null
  if (!currency && !allowed) throw missingParam('currency')
  const data = params.object('setup_intent_data')
  data?.only(['description', 'metadata', 'on_behalf_of'])
  if (data?.has('on_behalf_of')) {
    throw invalidRequest('The emulator has no connected accounts.', 'setup_intent_data[on_behalf_of]')
  }
  return { currency, description: data?.string('description'), metadata: data?.metadata() ?? {} }
}

/** The SetupIntent a `setup` mode session collects a card into, created with the session as on Stripe. */
export function startSessionSetupIntent(
  emulator: Emulator,
  session: StoredCheckoutSession,
  setup: SetupModeParams,
): Stripe.SetupIntent {
  const intent = createSetupIntent(emulator, {
    customer: (session.customer as string | null) ?? null,
    usage: 'off_session',
    metadata: setup.metadata,
    ...(setup.description !== undefined ? { description: setup.description } : {}),
  })
  session.setup_intent = intent.id
  session.payment_status = 'no_payment_required'
  return intent
}
