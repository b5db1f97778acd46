import type Stripe from 'stripe'
import type {
  BillingStore,
  BillingStoreWriter,
  CustomerRecord,
  InvoiceVersion,
  SubscriptionRecord,
  SubscriptionVersion,
  SyncSlot,
  UpsertCounts,
  WebhookEventClaim,
} from './billing-store.js'
import { runMigrations } from './migrations.js'
import type { SqlClient, SqlQueryable } from './sql-client.js'

interface CustomerRow {
  customer_id: string
  account_id: string | null
  email: string | null
  deleted: boolean
  synced_at: Date | string | null
}

interface SubscriptionRow {
  subscription_id: string
  customer_id: string
  status: string
  data: Stripe.Subscription | string
  past_due_since: string | number | null
  action_required: boolean
}

const customerColumns = 'customer_id, account_id, email, deleted, synced_at'

/** Every write of the store, bound to one connection or transaction. */
class SqlWriter implements BillingStoreWriter {
  constructor(protected readonly db: SqlQueryable) {}

  async claimWebhookEvent(event: WebhookEventClaim): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO portal_kit_webhook_events (event_id, type, customer_id, event_created)
       VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [event.id, event.type, event.customerId, event.created],
      'portal_kit_claim_event',
    )
    return rows.length === 1
  }

  async linkCustomer(input: {
    customerId: string
    accountId: string | null
    email?: string | null
  }): Promise<CustomerRecord> {
    const rows = await this.db.query<CustomerRow>(
      `INSERT INTO portal_kit_customers AS t (customer_id, account_id, email)
       SELECT $1::text,
              CASE WHEN EXISTS (SELECT 1 FROM portal_kit_customers WHERE account_id = $2::text AND customer_id <> $1::text)
                   THEN NULL ELSE $2::text END,
              $3::text
       ON CONFLICT (customer_id) DO UPDATE SET
         account_id = CASE WHEN t.deleted THEN NULL ELSE COALESCE(t.account_id, excluded.account_id) END,
         email = COALESCE(excluded.email, t.email),
         updated_at = now()
       RETURNING ${customerColumns}`,
      [input.customerId, input.accountId, input.email ?? null],
      'portal_kit_link_customer',
    )
    return toCustomer(rows[0] as CustomerRow)
  }

  async markCustomerDeleted(customerId: string): Promise<void> {
    // The account is freed so its next "Manage billing" creates a fresh customer.
    await this.db.query(
      `INSERT INTO portal_kit_customers AS t (customer_id, deleted) VALUES ($1, true)
       ON CONFLICT (customer_id) DO UPDATE SET deleted = true, account_id = NULL, updated_at = now()`,
      [customerId],
    )
  }

  async findCustomer(customerId: string): Promise<CustomerRecord | null> {
    const rows = await this.db.query<CustomerRow>(
      `SELECT ${customerColumns} FROM portal_kit_customers WHERE customer_id = $1`,
      [customerId],
      'portal_kit_customer_by_id',
    )
    return rows[0] ? toCustomer(rows[0]) : null
  }

  async markCustomerSynced(customerId: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE portal_kit_customers SET synced_at = GREATEST(synced_at, $2::timestamptz), updated_at = now()
       WHERE customer_id = $1`,
      [customerId, at.toISOString()],
      'portal_kit_mark_synced',
    )
  }

  async upsertSubscriptions(versions: readonly SubscriptionVersion[]): Promise<UpsertCounts> {
    if (versions.length === 0) return { created: 0, updated: 0, unchanged: 0 }
    const input = versions.map((v) => ({
      subscription_id: v.subscription.id,
      customer_id: typeof v.subscription.customer === 'string' ? v.subscription.customer : v.subscription.customer.id,
      status: v.subscription.status,
      data: v.subscription,
      source_at: v.sourceAt,
      source_rank: v.sourceRank,
      source_id: v.sourceId,
    }))
    const rows = await this.db.query<{ created: boolean; changed: boolean }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           subscription_id text, customer_id text, status text, data jsonb,
           source_at bigint, source_rank integer, source_id text)
       ),
       previous AS (
         SELECT s.subscription_id, s.data FROM portal_kit_subscriptions s JOIN input USING (subscription_id)
       ),
       written AS (
         INSERT INTO portal_kit_subscriptions AS t
           (subscription_id, customer_id, status, data, source_at, source_rank, source_id)
         SELECT subscription_id, customer_id, status, data, source_at, source_rank, source_id FROM input
         ON CONFLICT (subscription_id) DO UPDATE SET
           customer_id = excluded.customer_id,
           status = excluded.status,
           data = excluded.data,
           source_at = excluded.source_at,
           source_rank = excluded.source_rank,
           source_id = excluded.source_id,
           updated_at = now()
         WHERE t.data IS NULL
            OR (excluded.source_at, excluded.source_rank, excluded.source_id) > (t.source_at, t.source_rank, t.source_id)
         RETURNING t.subscription_id, t.data
       )
       SELECT previous.data IS NULL AS created, previous.data IS DISTINCT FROM written.data AS changed
       FROM written LEFT JOIN previous USING (subscription_id)`,
      [JSON.stringify(input)],
      'portal_kit_upsert_subscriptions',
    )
    const created = rows.filter((r) => r.created).length
    const updated = rows.filter((r) => !r.created && r.changed).length
    return { created, updated, unchanged: versions.length - created - updated }
  }

  async recordPaymentFailure(input: {
    subscriptionId: string
    customerId: string
    at: number
    actionRequired: boolean
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO portal_kit_subscriptions AS t (subscription_id, customer_id, failed_payment_times, action_required_at)
       VALUES ($1, $2, ARRAY[$3::bigint], CASE WHEN $4::boolean THEN $3::bigint END)
       ON CONFLICT (subscription_id) DO UPDATE SET
         failed_payment_times = CASE
           WHEN $3::bigint <= COALESCE(t.last_paid_at, -1) OR $3::bigint = ANY (t.failed_payment_times) THEN t.failed_payment_times
           ELSE t.failed_payment_times || $3::bigint END,
         action_required_at = CASE
           WHEN $4::boolean AND $3::bigint > COALESCE(t.last_paid_at, -1) THEN GREATEST(t.action_required_at, $3::bigint)
           ELSE t.action_required_at END,
         updated_at = now()`,
      [input.subscriptionId, input.customerId, input.at, input.actionRequired],
      'portal_kit_record_failure',
    )
  }

  async recordPayment(input: { subscriptionId: string; customerId: string; at: number }): Promise<void> {
    await this.db.query(
      `INSERT INTO portal_kit_subscriptions AS t (subscription_id, customer_id, last_paid_at)
       VALUES ($1, $2, $3::bigint)
       ON CONFLICT (subscription_id) DO UPDATE SET
         last_paid_at = GREATEST(t.last_paid_at, $3::bigint),
         failed_payment_times = ARRAY(
           SELECT f FROM unnest(t.failed_payment_times) AS f WHERE f > GREATEST(t.last_paid_at, $3::bigint) ORDER BY f),
         action_required_at = CASE WHEN t.action_required_at > GREATEST(t.last_paid_at, $3::bigint) THEN t.action_required_at END,
         updated_at = now()`,
      [input.subscriptionId, input.customerId, input.at],
      'portal_kit_record_payment',
    )
  }

  async upsertInvoice({ invoice, sourceAt }: InvoiceVersion): Promise<void> {
    const subscription = invoice.parent?.subscription_details?.subscription
    await this.db.query(
      `INSERT INTO portal_kit_invoices AS t
         (invoice_id, customer_id, subscription_id, status, amount_due, currency, hosted_invoice_url, created, source_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (invoice_id) DO UPDATE SET
         status = excluded.status, amount_due = excluded.amount_due, hosted_invoice_url = excluded.hosted_invoice_url,
         source_at = excluded.source_at, updated_at = now()
       WHERE excluded.source_at >= t.source_at`,
      [
        invoice.id,
        typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? null),
        typeof subscription === 'string' ? subscription : (subscription?.id ?? null),
        invoice.status,
        invoice.amount_due,
        invoice.currency,
        invoice.hosted_invoice_url ?? null,
        invoice.created,
        sourceAt,
      ],
      'portal_kit_upsert_invoice',
    )
  }
}

/** The one SQL implementation of `BillingStore`, over any `SqlClient` (PGlite or node-postgres). */
export class SqlBillingStore extends SqlWriter implements BillingStore {
  private migrated: Promise<void> | undefined

  constructor(private readonly client: SqlClient) {
    super(client)
  }

  migrate(): Promise<void> {
    this.migrated ??= runMigrations(this.client).then(
      () => undefined,
      (error: unknown) => {
        this.migrated = undefined
        throw error
      },
    )
    return this.migrated
  }

  transaction<T>(fn: (tx: BillingStoreWriter) => Promise<T>): Promise<T> {
    return this.client.transaction((tx) => fn(new SqlWriter(tx)))
  }

  async findCustomerByAccount(accountId: string): Promise<CustomerRecord | null> {
    const rows = await this.client.query<CustomerRow>(
      `SELECT ${customerColumns} FROM portal_kit_customers WHERE account_id = $1 AND NOT deleted`,
      [accountId],
      'portal_kit_customer_by_account',
    )
    return rows[0] ? toCustomer(rows[0]) : null
  }

  async listSubscriptions(customerId: string): Promise<SubscriptionRecord[]> {
    const rows = await this.client.query<SubscriptionRow>(
      `SELECT subscription_id, customer_id, status, data,
              (SELECT min(f) FROM unnest(failed_payment_times) AS f) AS past_due_since,
              (action_required_at IS NOT NULL) AS action_required
       FROM portal_kit_subscriptions WHERE customer_id = $1 AND data IS NOT NULL
       ORDER BY subscription_id`,
      [customerId],
      'portal_kit_list_subscriptions',
    )
    return rows.map((r) => ({
      subscriptionId: r.subscription_id,
      customerId: r.customer_id,
      status: r.status as Stripe.Subscription.Status,
      subscription: typeof r.data === 'string' ? (JSON.parse(r.data) as Stripe.Subscription) : r.data,
      pastDueSince: r.past_due_since === null ? null : new Date(Number(r.past_due_since) * 1000),
      paymentActionRequired: r.action_required,
    }))
  }

  async isWebhookEventProcessed(eventId: string): Promise<boolean> {
    const rows = await this.client.query('SELECT 1 FROM portal_kit_webhook_events WHERE event_id = $1', [eventId])
    return rows.length > 0
  }

  async claimSyncSlot(customerId: string, intervalSeconds: number): Promise<SyncSlot> {
    const rows = await this.client.query<{ granted: boolean; retry_after: string | number | null }>(
      `WITH claimed AS (
         UPDATE portal_kit_customers SET sync_requested_at = now()
         WHERE customer_id = $1
           AND (sync_requested_at IS NULL OR sync_requested_at <= now() - make_interval(secs => $2::double precision))
         RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM claimed) AS granted,
              (SELECT ceil(extract(epoch FROM (sync_requested_at + make_interval(secs => $2::double precision) - now())))
                 FROM portal_kit_customers WHERE customer_id = $1) AS retry_after`,
      [customerId, intervalSeconds],
      'portal_kit_claim_sync_slot',
    )
    const row = rows[0]
    if (!row || row.granted) return { granted: true }
    return { granted: false, retryAfterSeconds: Math.max(1, Number(row.retry_after ?? intervalSeconds)) }
  }

  close(): Promise<void> {
    return this.client.close()
  }
}

function toCustomer(row: CustomerRow): CustomerRecord {
  return {
    customerId: row.customer_id,
    accountId: row.account_id,
    email: row.email,
    deleted: row.deleted,
    syncedAt: row.synced_at === null ? null : new Date(row.synced_at),
  }
}
