import Stripe from 'stripe'
import { type Billing, createBilling } from '../create-billing.js'
import type { BillingStore } from '../stores/billing-store.js'
import { pgliteStore } from '../stores/pglite-store.js'
import { postgresStore } from '../stores/postgres-store.js'

export type Env = Record<string, string | undefined>

/**
 * A Stripe client from `STRIPE_SECRET_KEY`, pointed at an emulator when `STRIPE_API_BASE` is set
 * (then any test key works).
 */
export function stripeFromEnv(env: Env): Stripe {
  const base = env.STRIPE_API_BASE
  const key = env.STRIPE_SECRET_KEY ?? (base ? 'sk_test_portal_kit_emulator' : undefined)
  if (!key) throw new Error('Set STRIPE_SECRET_KEY (or STRIPE_API_BASE to use the Stripe emulator).')
  if (!base) return new Stripe(key)
  const url = new URL(base)
  return new Stripe(key, {
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  })
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
    stripe: stripeFromEnv(env),
    store,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? 'whsec_not_used_by_the_cli',
    getAccount: () => null,
    returnUrl: '/',
    autoMigrate: false,
  })
}
