import type Stripe from 'stripe'
import { requirePrice } from '../catalog/price.js'
import { requireProduct } from '../catalog/product.js'
import { requireCustomer } from '../customers/customer.js'
import { readDiscountsParam } from '../discounts/read-discounts-param.js'
import type { Emulator } from '../emulator.js'
import type { Params } from '../http/params.js'
import { invalidRequest, missingParam, noSuchResource, StripeApiError } from '../http/stripe-api-error.js'
import { validUrl } from '../http/valid-url.js'
import type { StoredObject } from '../state/emulator-state.js'
import { amountDueToday, readCheckoutBillingCycle } from './checkout-billing-cycle.js'
import { checkCheckoutDiscounts, orderOf, setCheckoutDiscounts } from './checkout-discounts.js'
import { readSetupModeParams, startSessionSetupIntent } from './setup-mode.js'

export type StoredCheckoutSession = Stripe.Checkout.Session & StoredObject
export type CheckoutLineItem = Stripe.LineItem & StoredObject

/** Emulator-private parts of a session: what it will buy, and the customer made on a failed attempt. */
export type CheckoutSessionPlan = {
  lineItems: CheckoutLineItem[]
  subscriptionMetadata: Record<string, string>
  trialPeriodDays?: number
  trialEnd?: number
  /**
   * `subscription_data[billing_cycle_anchor]` and `[proration_behavior]`, and the share of each item's price the first
   * payment takes (the stretch up to the anchor; 0 when it is free or follows a trial).
   */
  billingCycle?: { anchor: number; prorationBehavior?: 'create_prorations' | 'none'; shareDueToday: number }
  /** A customer created by an attempt whose payment failed, reused by the next attempt. */
  pendingCustomer?: string
}

const defaultLifetimeSeconds = 24 * 60 * 60

const createParams = [
  'mode',
  'customer',
  'customer_email',
  'client_reference_id',
  'line_items',
  'success_url',
  'cancel_url',
  'metadata',
  'subscription_data',
  'locale',
  'allow_promotion_codes',
  'expires_at',
  'payment_method_types',
  'ui_mode',
  'currency',
  'setup_intent_data',
  'allowed_payment_method_types',
  'discounts',
]

/** `POST /v1/checkout/sessions` in `mode=subscription`, with Stripe's validation of modes, prices and customers. */
export function createCheckoutSession(emulator: Emulator, params: Params): StoredCheckoutSession {
  params.only(createParams)
  const mode = params.enum('mode', ['payment', 'setup', 'subscription'] as const)
  if (!mode) throw missingParam('mode')
  const uiMode = params.enum('ui_mode', ['hosted_page', 'embedded_page', 'elements', 'form'] as const)
  if (uiMode && uiMode !== 'hosted_page') {
    throw invalidRequest('The emulator only hosts Checkout pages (ui_mode=hosted_page).', 'ui_mode')
  }
  const paymentMethodTypes = params.stringArray('payment_method_types')
  if (paymentMethodTypes?.some((type) => type !== 'card')) {
    throw invalidRequest('The emulator only supports card payments.', 'payment_method_types')
  }

  const customerId = params.string('customer')
  const customerEmail = params.string('customer_email')
  if (customerId !== undefined && customerEmail !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', 'customer_email')
  }
  const customer = customerId !== undefined ? requireCustomer(emulator, customerId) : null

  const setup = mode === 'setup' ? readSetupModeParams(params) : undefined
  const lineItems = setup ? [] : readLineItems(emulator, params, mode)
  const discountRequests = readDiscountsParam(params) ?? []
  const allowPromotionCodes = params.boolean('allow_promotion_codes') === true
  if (setup && (discountRequests.length > 0 || allowPromotionCodes)) {
    const param = discountRequests.length > 0 ? 'discounts' : 'allow_promotion_codes'
    throw invalidRequest(`\`${param}\` can only be used in \`payment\` or \`subscription\` mode.`, param)
  }
  const discounts = checkCheckoutDiscounts(emulator, discountRequests, {
    customer: customer?.id ?? null,
    allowPromotionCodes,
    order: orderOf(lineItems),
  })
  const successUrl = params.string('success_url')
  if (!successUrl) throw missingParam('success_url')
  const cancelUrl = params.string('cancel_url')

  const subscriptionData = params.object('subscription_data')
  subscriptionData?.only(['metadata', 'trial_period_days', 'trial_end', 'billing_cycle_anchor', 'proration_behavior'])
  const trialPeriodDays = subscriptionData?.integer('trial_period_days')
  if (trialPeriodDays !== undefined && (trialPeriodDays < 1 || trialPeriodDays > 730)) {
    throw invalidRequest(
      'subscription_data[trial_period_days] must be between 1 and 730.',
      'subscription_data[trial_period_days]',
    )
  }
  const trialEnd = subscriptionData?.integer('trial_end')
  if (trialEnd !== undefined && trialPeriodDays !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: subscription_data[trial_end], subscription_data[trial_period_days].',
      'subscription_data[trial_end]',
    )
  }

  const now = emulator.now()
  // The stretch to an anchor is billed on the customer's clock, as the subscription it starts will be.
  const billingCycle = setup
    ? undefined
    : readCheckoutBillingCycle(subscriptionData, {
        now: emulator.now((customer?.test_clock as string | null | undefined) ?? null),
        trial: { trialEnd, trialPeriodDays },
        lineItems,
      })
  const expiresAt = params.integer('expires_at') ?? now + defaultLifetimeSeconds
  if (expiresAt < now + 30 * 60 || expiresAt > now + defaultLifetimeSeconds) {
    throw invalidRequest(
      'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
      'expires_at',
    )
  }

  const currency = setup ? setup.currency : (lineItems[0]?.currency ?? null)
  // With a trial nothing is charged today, and with an anchor only the stretch up to it: what Checkout's totals show.
  const dueToday = lineItems.reduce(
    (sum, item) => sum + amountDueToday({ trialPeriodDays, trialEnd, billingCycle }, item),
    0,
  )
  const id = emulator.state.newId('cs_test')
  const session: StoredCheckoutSession = {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: params.boolean('allow_promotion_codes') ?? null,
    allowed_payment_method_types: null,
    amount_subtotal: setup ? null : dueToday,
    amount_total: setup ? null : dueToday,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: cancelUrl === undefined ? null : validUrl(cancelUrl, 'cancel_url'),
    client_reference_id: params.string('client_reference_id') ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: customer?.id ?? null,
    customer_account: null,
    customer_creation: null,
    customer_details: null,
    customer_email: customerEmail ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: params.string('locale') ?? null,
    managed_payments: null,
    metadata: params.metadata() ?? {},
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'always',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: customer
      ? { allow_redisplay_filters: ['always'], payment_method_remove: null, payment_method_save: null }
      : null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: validUrl(successUrl, 'success_url'),
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: `${emulator.url}/c/pay/${id}`,
    wallet_options: null,
  }
  emulator.state.insert(session)
  if (setup) startSessionSetupIntent(emulator, session, setup)
  const plan = emulator.state.hidden<CheckoutSessionPlan>(id)
  plan.lineItems = lineItems
  plan.subscriptionMetadata = subscriptionData?.metadata() ?? {}
  if (trialPeriodDays !== undefined) plan.trialPeriodDays = trialPeriodDays
  if (trialEnd !== undefined) plan.trialEnd = trialEnd
  if (billingCycle) plan.billingCycle = billingCycle
  if (!setup) setCheckoutDiscounts(emulator, session, discounts)
  return session
}

function readLineItems(emulator: Emulator, params: Params, mode: string): CheckoutLineItem[] {
  const items = params.array('line_items')
  if (!items || items.length === 0) throw missingParam('line_items')
  const lineItems = items.map((item, i) => {
    const base = `line_items[${i}]`
    item.only(['price', 'quantity'])
    const price = requirePrice(emulator, item.requiredString('price'), `${base}[price]`)
    if (!price.active) {
      throw invalidRequest(
        `The price specified is inactive. This field only accepts active prices.`,
        `${base}[price]`,
        'resource_missing',
      )
    }
    const quantity = item.integer('quantity')
    if (quantity === undefined) throw missingParam(`${base}[quantity]`)
    if (quantity < 1) throw invalidRequest('Quantity must be at least 1.', `${base}[quantity]`)
    const product = requireProduct(emulator, price.product as string)
    const amount = (price.unit_amount ?? 0) * quantity
    return {
      id: emulator.state.newId('li'),
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: product.name,
      metadata: {},
      price: structuredClone(price),
      quantity,
    } satisfies CheckoutLineItem
  })

  if (mode !== 'subscription') {
    const recurringIndex = lineItems.findIndex((item) => item.price?.recurring)
    if (recurringIndex !== -1) {
      throw invalidRequest(
        `You specified \`${mode}\` mode but passed a recurring price. Either switch to \`subscription\` mode or use only one-time prices.`,
        `line_items[${recurringIndex}][price]`,
      )
    }
    throw invalidRequest('The emulator supports Checkout Sessions in subscription mode only.', 'mode')
  }
  if (!lineItems.some((item) => item.price?.recurring)) {
    throw invalidRequest(
      'You must provide at least one recurring price in `subscription` mode when using prices.',
      'line_items',
    )
  }
  const currency = lineItems[0]?.currency
  const otherCurrency = lineItems.findIndex((item) => item.currency !== currency)
  if (otherCurrency !== -1) {
    throw invalidRequest(
      'All prices in a Checkout Session must use the same currency.',
      `line_items[${otherCurrency}][price]`,
    )
  }
  return lineItems
}

export function requireCheckoutSession(emulator: Emulator, id: string, param = 'id'): StoredCheckoutSession {
  const session = emulator.state.find<StoredCheckoutSession>('checkout.session', id)
  if (!session) throw noSuchResource('checkout.session', id, param)
  expireIfPastDue(emulator, session)
  return session
}

/** `POST /v1/checkout/sessions/:id/expire`. */
export function expireCheckoutSession(emulator: Emulator, session: StoredCheckoutSession): StoredCheckoutSession {
  if (session.status !== 'open') {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      `Only Checkout Sessions with a status of \`open\` can be expired. This session's status is \`${session.status}\`.`,
      'checkout_session_not_open',
    )
  }
  session.status = 'expired'
  session.url = null
  emulator.emit('checkout.session.expired', session)
  return session
}

/** A session left open past `expires_at` expires, as Stripe's background job would have done by now. */
function expireIfPastDue(emulator: Emulator, session: StoredCheckoutSession): void {
  if (session.status === 'open' && emulator.now() >= session.expires_at) expireCheckoutSession(emulator, session)
}

/** The session as an API response, with `line_items` included when it was asked for with `expand[]`. */
export function checkoutSessionResponse(
  emulator: Emulator,
  session: StoredCheckoutSession,
  expand: string[],
): StoredCheckoutSession {
  if (!expand.some((path) => path === 'line_items' || path.startsWith('line_items.'))) return session
  const { lineItems } = emulator.state.hidden<CheckoutSessionPlan>(session.id)
  return {
    ...session,
    line_items: {
      object: 'list',
      data: structuredClone(lineItems),
      has_more: false,
      url: `/v1/checkout/sessions/${session.id}/line_items`,
    },
  }
}
