import type Stripe from 'stripe'
import type { BillingLogger, BillingOptions } from './billing-options.js'
import { checkCheckoutOffers } from './checkout/checkout-offers.js'
import { createStripeClient } from './create-stripe-client.js'
import { BillingError, toBillingError } from './errors.js'
import { appOrigins } from './http/app-origins.js'
import type { BillingStore } from './stores/billing-store.js'
import { CustomerSubscriptionsFetcher } from './sync/customer-subscriptions-fetcher.js'
import { PayloadDiscounts } from './webhooks/payload-discounts.js'
import { RecentVersionSeconds } from './webhooks/recent-version-seconds.js'

/**
 * Longer than Stripe's retry schedule (3 days) and its 30-day window for retrieving and resending
 * events, so a claim outlives every redelivery Stripe makes on its own.
 */
export const defaultWebhookEventRetentionDays = 30

/** Resolved options and shared per-instance state of one `createBilling()`. */
export interface BillingContext {
  options: BillingOptions
  /** The Stripe client, made on first use; a `not_configured` `BillingError` when there is no key. */
  readonly stripe: Stripe
  store: BillingStore
  /** `basePath` without a trailing slash (default `/api/billing`). */
  basePath: string
  /** Where customers come back to (`returnUrl`). */
  returnUrl: string
  mode: 'fetch' | 'payload'
  /** Seconds between manual syncs of one account (default 10). */
  syncIntervalSeconds: number
  /** Largest webhook body (default 1 MiB). */
  maxWebhookBytes: number
  /** Webhook timestamp tolerance in seconds (default 300). */
  webhookToleranceSeconds: number
  /** Days a processed webhook claim is kept before pruning (default 30). */
  webhookEventRetentionDays: number
  /** The app's origins for a request: its own first, then `allowedOrigins`. */
  origins(req: Request): string[]
  /** The webhook secrets, read on first use; a `not_configured` `BillingError` when there are none. */
  readonly webhookSecrets: readonly string[]
  logger: BillingLogger
  fetcher: CustomerSubscriptionsFetcher
  /** Payload mode: the second of the last version this process stored per recent subscription (a tie hint). */
  recentVersionSeconds: RecentVersionSeconds
  /** Payload mode: the discounts that webhooks name by id, read from Stripe once each. */
  payloadDiscounts: PayloadDiscounts
  /** Resolves once the store's migrations are applied (when `autoMigrate`); store failures become 503. */
  ready(): Promise<void>
}

const consoleLogger: BillingLogger = {
  warn: (message, details) => console.warn(`[portal-kit] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[portal-kit] ${message}`, details ?? ''),
}

export function createBillingContext(options: BillingOptions): BillingContext {
  if (!options.returnUrl) throw new TypeError('createBilling: returnUrl is required (e.g. "/settings/billing").')
  checkCheckoutOffers(options.checkout, options.plans)
  const retentionCoupon: unknown = options.retentionCoupon
  if (retentionCoupon !== undefined && (typeof retentionCoupon !== 'string' || retentionCoupon.trim() === '')) {
    throw new TypeError(`createBilling: retentionCoupon must be a coupon id (got ${JSON.stringify(retentionCoupon)}).`)
  }
  const basePath = (options.basePath ?? '/api/billing').replace(/\/+$/, '')
  let migrated: Promise<void> | undefined
  // Secrets are read on first use, so `next build` runs without them; a missing one fails each
  // request with the same error object, so it is logged once.
  const stripe = lazySetting(() => {
    const given = options.stripe ?? createStripeClient
    return typeof given === 'function' ? given() : given
  })
  const webhookSecrets = lazySetting(() => {
    const given = options.webhookSecret ?? globalThis.process?.env?.STRIPE_WEBHOOK_SECRET?.split(',') ?? []
    const secrets = (typeof given === 'string' ? [given] : [...given]).map((s) => s.trim()).filter(Boolean)
    if (secrets.length === 0) {
      throw new BillingError(
        'not_configured',
        'STRIPE_WEBHOOK_SECRET is not set. Set it to the webhook signing secret (whsec_...) and restart.',
      )
    }
    return secrets
  })
  return {
    options,
    get stripe() {
      return stripe()
    },
    store: options.store,
    basePath,
    returnUrl: options.returnUrl,
    mode: options.sync ?? 'fetch',
    syncIntervalSeconds: options.syncIntervalSeconds ?? 10,
    maxWebhookBytes: options.maxWebhookBytes ?? 1024 * 1024,
    webhookToleranceSeconds: options.webhookToleranceSeconds ?? 300,
    webhookEventRetentionDays: options.webhookEventRetentionDays ?? defaultWebhookEventRetentionDays,
    origins: (req) => appOrigins(req, options.appUrl, options.allowedOrigins),
    get webhookSecrets() {
      return webhookSecrets()
    },
    logger: options.logger ?? consoleLogger,
    fetcher: new CustomerSubscriptionsFetcher(stripe),
    recentVersionSeconds: new RecentVersionSeconds(),
    payloadDiscounts: new PayloadDiscounts(stripe),
    ready() {
      if (options.autoMigrate === false) return Promise.resolve()
      migrated ??= options.store.migrate().catch((error: unknown) => {
        migrated = undefined
        throw toBillingError(error, 'store')
      })
      return migrated
    },
  }
}

/** A value made on first use and kept; a `BillingError` is kept too (settings change only with a restart). */
function lazySetting<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  let failure: BillingError | undefined
  return () => {
    if (made) return made.value
    if (failure) throw failure
    try {
      made = { value: make() }
      return made.value
    } catch (error) {
      if (error instanceof BillingError) failure = error
      throw error
    }
  }
}
