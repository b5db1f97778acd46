import { createBilling } from '@portal-kit/server'
import { pgliteStore } from '@portal-kit/server/pglite'
import { postgresStore } from '@portal-kit/server/postgres'
import { demoPlans } from './demo-plans'
import { getAccount } from './session'

// The whole billing setup. Stripe comes from STRIPE_SECRET_KEY (or STRIPE_API_BASE, the emulator) and
// the webhook secret from STRIPE_WEBHOOK_SECRET, both read on first use, so `next build` needs neither.
export const billing = createBilling({
  store: process.env.DATABASE_URL
    ? postgresStore({ connectionString: process.env.DATABASE_URL })
    : pgliteStore({ dataDir: '.data/portal-kit' }),
  getAccount,
  returnUrl: '/settings/billing',
  // Price ids and the portal configuration come from the seed (`pnpm demo`), not from this file.
  plans: demoPlans(),
  portalConfiguration: process.env.DEMO_PORTAL_CONFIGURATION || undefined,
  // Checkout shows its promotion code field; `pnpm demo` seeds WELCOME20 (20% off for 3 months).
  checkout: { allowPromotionCodes: true },
  // The card's "Cancel subscription" first offers 50% off for 3 months; `pnpm demo` seeds the coupon STAY50.
  retentionCoupon: 'STAY50',
  cronSecret: process.env.CRON_SECRET,
})
