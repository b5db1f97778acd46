import type Stripe from 'stripe'
import { requireCustomer } from '../customers/customer.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest, noSuchResource } from '../http/stripe-api-error.js'
import type { StoredObject } from '../state/emulator-state.js'

export type StoredSetupIntent = Stripe.SetupIntent & StoredObject

export interface CreateSetupIntentInput {
  customer?: string | null
  description?: string | null
  metadata?: Record<string, string>
  /** The pinned API's `allowed_payment_method_types`; only `card` is emulated. */
  allowedPaymentMethodTypes?: string[]
  usage?: 'off_session' | 'on_session'
  /** A payment method id or test token to confirm with later (or now, with `confirm`). */
  paymentMethod?: string
}

/** Returns a SetupIntent or throws Stripe's 404. */
export function requireSetupIntent(emulator: Emulator, id: string, param = 'intent'): StoredSetupIntent {
  const intent = emulator.state.find<StoredSetupIntent>('setup_intent', id)
  if (!intent) throw noSuchResource('setup_intent', id, param)
  return intent
}

/** The test clock of the SetupIntent's customer, which dates its events. */
export function setupIntentClock(emulator: Emulator, intent: StoredSetupIntent): string | null {
  if (typeof intent.customer !== 'string') return null
  const customer = emulator.state.find<StoredObject & { test_clock?: string | null }>('customer', intent.customer)
  return customer?.test_clock ?? null
}

/**
 * `POST /v1/setup_intents`: a card-only SetupIntent, `requires_payment_method` (or `requires_confirmation` when a
 * payment method is given). Emits setup_intent.created.
 */
export function createSetupIntent(emulator: Emulator, input: CreateSetupIntentInput): StoredSetupIntent {
  const customer = input.customer ? requireCustomer(emulator, input.customer, 'customer') : null
  const allowed = input.allowedPaymentMethodTypes ? requireCardOnly(input.allowedPaymentMethodTypes) : null
  const testClock = (customer?.test_clock as string | null | undefined) ?? null
  const id = emulator.state.newId('seti')
  const intent: StoredSetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: allowed,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${emulator.state.newId('s').slice(2)}`,
    created: emulator.now(testClock),
    customer: customer?.id ?? null,
    description: input.description ?? null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: input.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: input.usage ?? 'off_session',
  }
  emulator.state.insert(intent)
  emulator.emit('setup_intent.created', intent, { testClock })
  return intent
}

/** The emulator sets up cards only. */
export function requireCardOnly(types: string[]): Stripe.SetupIntent.AllowedPaymentMethodType[] {
  if (types.some((type) => type !== 'card')) {
    throw invalidRequest('The emulator only supports card payment methods.', 'allowed_payment_method_types')
  }
  return types as Stripe.SetupIntent.AllowedPaymentMethodType[]
}

/** Stripe's refusal of an action the SetupIntent's status does not allow. */
export function unexpectedState(intent: StoredSetupIntent, action: string): Error {
  return invalidRequest(
    `You cannot ${action} this SetupIntent because it has a status of ${intent.status}.`,
    undefined,
    'setup_intent_unexpected_state',
  )
}

/** `POST /v1/setup_intents/:id/cancel`: only before it succeeded. Emits setup_intent.canceled. */
export function cancelSetupIntent(
  emulator: Emulator,
  intent: StoredSetupIntent,
  reason: Stripe.SetupIntent.CancellationReason | null,
): StoredSetupIntent {
  if (intent.status === 'succeeded' || intent.status === 'canceled') throw unexpectedState(intent, 'cancel')
  intent.status = 'canceled'
  intent.cancellation_reason = reason
  intent.next_action = null
  emulator.emit('setup_intent.canceled', intent, { testClock: setupIntentClock(emulator, intent) })
  return intent
}
