import type Stripe from 'stripe'
import { type Billing, createBilling } from '../create-billing.js'
import { createStripeClient } from '../create-stripe-client.js'
import type { BillingStore } from '../stores/billing-store.js'
import { pgliteStore } from '../stores/pglite-store.js'
import { postgresStore } from '../stores/postgres-store.js'

export type Env = Record<string, string | undefined>

/**
 * A Stripe client from `env` alone (`STRIPE_SECRET_KEY`, `STRIPE_API_BASE`), as `createStripeClient`
 * reads them; empty strings stop it falling back to `process.env`.
 */
export function stripeFromEnv(env: Env): Stripe {
  return createStripeClient({ apiKey: env.STRIPE_SECRET_KEY ?? '', apiBase: env.STRIPE_API_BASE ?? '' })
}

/** Postgres from `DATABASE_URL`, else the embedded PGlite store in `.data/portal-kit`. */
export function storeFromEnv(env: Env): BillingStore {
  return env.DATABASE_URL
    ? postgresStore({ connectionString: env.DATABASE_URL })
    : pgliteStore({ dataDir: env.PORTAL_KIT_DATA_DIR ?? '.data/portal-kit' })
}

/** The billing instance the CLI works with: no signed-in account, no webhooks. */
export function billingFromEnv(env: Env, store: BillingStore = storeFromEnv(env)): Billing {
  return createBilling({
    // Made on first use: `status` reads the store only and needs no key.
    stripe: () => stripeFromEnv(env),
    store,
    getAccount: () => null,
    returnUrl: '/',
    autoMigrate: false,
  })
}
