import pg from 'pg'
import type Stripe from 'stripe'
import type { Contender } from './contender.js'

/**
 * The tutorial handler: verify the signature, one `INSERT ... ON CONFLICT DO UPDATE` of the event's
 * object JSON, answer 200. No idempotency, no ordering, no transaction, unnamed statements.
 */
export async function minimalHandler(options: {
  connectionString: string
  schema: string
  poolSize: number
  stripe: Stripe
  webhookSecret: string
}): Promise<Contender> {
  const { schema, stripe, webhookSecret } = options
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize })
  pool.on('error', () => {})
  for (const table of ['subscriptions', 'invoices', 'customers']) {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.${table} (
        id text PRIMARY KEY, customer_id text, status text, data jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    )
  }
  const tableOf = (type: string) =>
    type.startsWith('customer.subscription.') ? 'subscriptions' : type.startsWith('invoice.') ? 'invoices' : 'customers'

  const handler = async (req: Request): Promise<Response> => {
    const body = await req.text()
    let event: Stripe.Event
    try {
      event = await stripe.webhooks.constructEventAsync(body, req.headers.get('stripe-signature') ?? '', webhookSecret)
    } catch {
      return new Response('bad signature', { status: 400 })
    }
    const object = event.data.object as { id?: string; customer?: string | { id: string } | null; status?: string }
    const customer = typeof object.customer === 'string' ? object.customer : (object.customer?.id ?? null)
    try {
      await pool.query(
        `INSERT INTO ${schema}.${tableOf(event.type)} (id, customer_id, status, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, status = excluded.status,
           data = excluded.data, updated_at = now()`,
        [object.id, customer, object.status ?? null, object],
      )
    } catch {
      return new Response('database error', { status: 500 })
    }
    return Response.json({ received: true })
  }

  return {
    name: 'minimal handler',
    handler,
    async subscriptionStatuses() {
      const { rows } = await pool.query<{ id: string; status: string }>(
        `SELECT id, status FROM ${schema}.subscriptions`,
      )
      return new Map(rows.map((r) => [r.id, r.status]))
    },
    close: () => pool.end(),
  }
}
