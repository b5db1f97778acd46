import type Stripe from 'stripe'
import type { BillingLogger, BillingOptions } from './billing-options.js'
import { toBillingError } from './errors.js'
import type { BillingStore } from './stores/billing-store.js'
import { CustomerSubscriptionsFetcher } from './sync/customer-subscriptions-fetcher.js'

/** Resolved options and shared per-instance state of one `createBilling()`. */
export interface BillingContext {
  options: BillingOptions
  stripe: Stripe
  store: BillingStore
  basePath: string
  mode: 'fetch' | 'payload'
  webhookSecrets: readonly string[]
  logger: BillingLogger
  fetcher: CustomerSubscriptionsFetcher
  /** Resolves once the store's migrations are applied (when `autoMigrate`); store failures become 503. */
  ready(): Promise<void>
}

const consoleLogger: BillingLogger = {
  warn: (message, details) => console.warn(`[portal-kit] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[portal-kit] ${message}`, details ?? ''),
}

export function createBillingContext(options: BillingOptions): BillingContext {
  const secrets = typeof options.webhookSecret === 'string' ? [options.webhookSecret] : [...options.webhookSecret]
  if (secrets.length === 0 || secrets.some((s) => !s)) {
    throw new TypeError('createBilling: webhookSecret must be a non-empty string or a list of them.')
  }
  if (!options.returnUrl) throw new TypeError('createBilling: returnUrl is required (e.g. "/settings/billing").')
  const basePath = (options.basePath ?? '/api/billing').replace(/\/+$/, '')
  let migrated: Promise<void> | undefined
  return {
    options,
    stripe: options.stripe,
    store: options.store,
    basePath,
    mode: options.sync ?? 'fetch',
    webhookSecrets: secrets,
    logger: options.logger ?? consoleLogger,
    fetcher: new CustomerSubscriptionsFetcher(options.stripe),
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
