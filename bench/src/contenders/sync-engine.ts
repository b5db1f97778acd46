import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import pg from 'pg'
import type Stripe from 'stripe'
import type { Contender } from './contender.js'

type SyncEngineModule = typeof import('@supabase/stripe-sync-engine')

/**
 * `@supabase/stripe-sync-engine` as its README runs it: its migrations, `new StripeSync(...)` and
 * `processWebhook(rawBody, signature)`, behind a small Request adapter. Its Stripe client takes no
 * host option, so it is replaced by one pointed at the emulator (the bench event types are applied
 * from the payload and never reach Stripe).
 */
export async function syncEngineHandler(options: {
  connectionString: string
  schema: string
  poolSize: number
  stripe: Stripe
  webhookSecret: string
}): Promise<Contender & { version: string }> {
  // The ESM build resolves its migrations folder with `__dirname`, which ESM lacks (the error is
  // only logged and no table is created); the CommonJS build has it.
  const require = createRequire(import.meta.url)
  const engine = require('@supabase/stripe-sync-engine') as SyncEngineModule
  const entry = require.resolve('@supabase/stripe-sync-engine')
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }
  const migrationErrors: unknown[] = []
  const logger = {
    info: () => {},
    warn: () => {},
    error: (error: unknown) => migrationErrors.push(error),
  } as unknown as Parameters<SyncEngineModule['runMigrations']>[0]['logger']
  await engine.runMigrations({ databaseUrl: options.connectionString, schema: options.schema, logger })
  const check = new pg.Pool({ connectionString: options.connectionString, max: 1 })
  check.on('error', () => {})
  const { rows } = await check.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'subscriptions'`,
    [options.schema],
  )
  if (rows[0]?.n !== 1 || migrationErrors.length > 0) {
    await check.end()
    throw new Error(`stripe-sync-engine migrations failed: ${String(migrationErrors[0] ?? 'no subscriptions table')}`)
  }

  const sync = new engine.StripeSync({
    poolConfig: { connectionString: options.connectionString, max: options.poolSize },
    schema: options.schema,
    stripeSecretKey: 'sk_test_bench',
    stripeWebhookSecret: options.webhookSecret,
  })
  sync.stripe = options.stripe
  // An idle connection cut when the bench drops its database must not crash the process.
  sync.postgresClient.pool.on('error', () => {})

  const handler = async (req: Request): Promise<Response> => {
    const body = await req.text()
    try {
      await sync.processWebhook(body, req.headers.get('stripe-signature') ?? undefined)
    } catch (error) {
      const signature = error instanceof Error && error.name === 'StripeSignatureVerificationError'
      return new Response(signature ? 'bad signature' : 'error', { status: signature ? 400 : 500 })
    }
    return Response.json({ received: true })
  }

  return {
    name: '@supabase/stripe-sync-engine',
    version: manifest.version,
    handler,
    async subscriptionStatuses() {
      const result = await check.query<{ id: string; status: string }>(
        `SELECT id, status::text AS status FROM "${options.schema}".subscriptions`,
      )
      return new Map(result.rows.map((r) => [r.id, r.status]))
    },
    async close() {
      await sync.close()
      await check.end()
    },
  }
}
