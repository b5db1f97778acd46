import { createBilling } from '@portal-kit/server'
import { postgresStore } from '@portal-kit/server/postgres'
import pg from 'pg'
import type Stripe from 'stripe'
import type { Contender } from './contender.js'

/**
 * `billing.handler` from `createBilling` on a node-postgres pool of the bench's size. With `onEvent`, an
 * empty hook: the cost of running one in each event's transaction, without the cost of the hook's own work.
 */
export async function portalKitHandler(options: {
  connectionString: string
  schema: string
  poolSize: number
  stripe: Stripe
  webhookSecret: string
  sync: 'payload' | 'fetch'
  onEvent?: boolean
}): Promise<Contender> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize })
  pool.on('error', () => {})
  const store = postgresStore({ pool })
  // The handler answers store failures with a bare 503; BENCH_DEBUG=1 prints the cause.
  if (process.env.BENCH_DEBUG) {
    const apply = store.applyWebhookEvent.bind(store)
    store.applyWebhookEvent = (event, writes) =>
      apply(event, writes).catch((error: unknown) => {
        console.error(`[portal-kit ${options.sync}] ${event.type} ${event.id}:`, error)
        throw error
      })
  }
  await store.migrate()
  const billing = createBilling({
    stripe: options.stripe,
    webhookSecret: options.webhookSecret,
    store,
    getAccount: () => null,
    returnUrl: '/settings/billing',
    sync: options.sync,
    ...(options.onEvent ? { onEvent: async () => {} } : {}),
  })
  return {
    name: `portal-kit (${options.sync}${options.onEvent ? ', onEvent' : ''})`,
    handler: (req) => billing.handler(req),
    async subscriptionStatuses() {
      const { rows } = await pool.query<{ subscription_id: string; status: string }>(
        'SELECT subscription_id, status FROM portal_kit_subscriptions WHERE data IS NOT NULL',
      )
      return new Map(rows.map((r) => [r.subscription_id, r.status]))
    },
    async close() {
      await store.close()
      await pool.end()
    },
  }
}
