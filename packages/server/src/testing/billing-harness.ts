import { type RunningEmulator, startEmulator } from '@portal-kit/stripe-emulator'
import { stripeClientFor } from '@portal-kit/stripe-emulator/testing'
import type Stripe from 'stripe'
import type { BillingAccount, BillingOptions } from '../billing-options.js'
import { type Billing, createBilling } from '../create-billing.js'
import type { BillingStore } from '../stores/billing-store.js'
import { pgliteStore } from '../stores/pglite-store.js'

export const appUrl = 'https://app.example'
export const webhookSecret = 'whsec_portal_kit_test_secret'

export interface BillingHarness {
  emulator: RunningEmulator
  stripe: Stripe
  store: BillingStore
  billing: Billing
  /** The account `getAccount` returns; set to null to sign out. */
  account: BillingAccount | null
  /** Calls the handler (or `via`'s, a billing made with other options) like a same-origin browser would. */
  request(path: string, init?: RequestInit & { json?: unknown; via?: Billing }): Promise<Response>
  /** A webhook request for an event payload, signed like Stripe signs it. */
  signedWebhook(payload: string, options?: { secret?: string; timestamp?: number }): Request
  /** Every event the emulator has emitted so far, in emission order. */
  emittedEvents(): Stripe.Event[]
  /** The portal session opened last, as its billing_portal.session.created event carries it. */
  lastPortalSession(): Stripe.BillingPortal.Session
  /** Posts, signed and in order, each event emitted since the last call; throws on an answer other than 200. */
  deliverNewEvents(): Promise<void>
  close(): Promise<void>
}

export { stripeClientFor }

/** The emulator as Stripe, a store (in-memory PGlite unless given) and `createBilling` wired like an app would. */
export async function startBillingHarness(
  overrides: Partial<BillingOptions> & { store?: BillingStore } = {},
): Promise<BillingHarness> {
  const emulator = await startEmulator()
  const emitted: Stripe.Event[] = []
  emulator.emulator.onEvent((event) => emitted.push(event))
  const stripe = stripeClientFor(emulator.url)
  const store = overrides.store ?? pgliteStore()
  let delivered = 0
  const harness: BillingHarness = {
    emulator,
    stripe,
    store,
    account: { id: 'acct_1', email: 'ada@example.com', name: 'Ada' },
    billing: undefined as unknown as Billing,
    request(path, init = {}) {
      const { json, via, ...rest } = init
      const headers = new Headers(rest.headers)
      if (!headers.has('origin') && (rest.method ?? 'GET') !== 'GET') headers.set('origin', appUrl)
      if (json !== undefined) headers.set('content-type', 'application/json')
      return (via ?? harness.billing).handler(
        new Request(`${appUrl}/api/billing${path}`, {
          ...rest,
          headers,
          body: json !== undefined ? JSON.stringify(json) : rest.body,
        }),
      )
    },
    signedWebhook(payload, options = {}) {
      const header = stripe.webhooks.generateTestHeaderString({
        payload,
        secret: options.secret ?? webhookSecret,
        timestamp: options.timestamp,
      })
      return new Request(`${appUrl}/api/billing/webhook`, {
        method: 'POST',
        headers: { 'stripe-signature': header, 'content-type': 'application/json' },
        body: payload,
      })
    },
    emittedEvents() {
      return [...emitted]
    },
    lastPortalSession() {
      const created = emitted.filter((event) => event.type === 'billing_portal.session.created').at(-1)
      if (!created) throw new Error('No portal session was opened')
      return created.data.object as Stripe.BillingPortal.Session
    },
    async deliverNewEvents() {
      const events = emitted.slice(delivered)
      delivered += events.length
      for (const event of events) {
        const res = await harness.billing.handler(harness.signedWebhook(JSON.stringify(event)))
        if (res.status !== 200)
          throw new Error(`${event.type} ${event.id} was answered ${res.status}: ${await res.text()}`)
      }
    },
    async close() {
      await store.close()
      await emulator.close()
    },
  }
  harness.billing = createBilling({
    stripe,
    webhookSecret,
    store,
    getAccount: () => harness.account,
    returnUrl: '/settings/billing',
    appUrl,
    ...overrides,
  })
  return harness
}

export interface SubscribedAccount {
  customer: Stripe.Customer
  subscription: Stripe.Subscription
  price: Stripe.Price
}

/** A product named `name` with a monthly USD price of `amount` cents, in the emulator. */
export async function createMonthlyPrice(stripe: Stripe, name: string, amount: number): Promise<Stripe.Price> {
  const product = await stripe.products.create({ name })
  return stripe.prices.create({
    product: product.id,
    unit_amount: amount,
    currency: 'usd',
    recurring: { interval: 'month' },
  })
}

/** A product, a monthly price, a customer of `accountId` paying with a Visa card, and its subscription, all in the emulator. */
export async function subscribeAccount(
  stripe: Stripe,
  accountId: string,
  options: { testClock?: string; trialDays?: number; card?: string; amount?: number } = {},
): Promise<SubscribedAccount> {
  const price = await createMonthlyPrice(stripe, 'Pro', options.amount ?? 2900)
  const customer = await stripe.customers.create({
    email: `${accountId}@example.com`,
    metadata: { accountId },
    ...(options.testClock ? { test_clock: options.testClock } : {}),
  })
  const pm = await stripe.paymentMethods.attach(options.card ?? 'pm_card_visa', { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    ...(options.trialDays ? { trial_period_days: options.trialDays } : {}),
  })
  return { customer, subscription, price }
}

/** Pays a Checkout Session on the emulator's hosted page with a Visa card, as the customer would; answers its 303. */
export function payCheckoutSession(h: Pick<BillingHarness, 'emulator'>, sessionId: string): Promise<Response> {
  return fetch(`${h.emulator.url}/c/pay/${sessionId}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ card_number: '4242424242424242', card_expiry: '12 / 34', card_cvc: '123' }),
  })
}
