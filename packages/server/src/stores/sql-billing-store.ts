import type Stripe from 'stripe'
import type {
  BillingStore,
  BillingStoreWriter,
  CustomerRecord,
  CustomerWrite,
  InvoiceVersion,
  PaymentRecord,
  SubscriptionRecord,
  SubscriptionVersion,
  SyncSlot,
  UpsertCounts,
  WebhookEventClaim,
  WebhookEventWrites,
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

  async applyWebhookEvent(event: WebhookEventClaim, writes: WebhookEventWrites): Promise<boolean> {
    const statement = webhookEventStatement(event, writes)
    const rows = await this.db.query<{ claimed: number }>(statement.text, statement.params, statement.name)
    return rows[0]?.claimed === 1
  }

  async linkCustomer(input: {
    customerId: string
    accountId: string | null
    email?: string | null
  }): Promise<CustomerRecord> {
    const rows = await this.db.query<CustomerRow>(
      `${linkCustomerSql({ customer: '$1', account: '$2', email: '$3', syncedAt: 'NULL' }, '')} RETURNING ${customerColumns}`,
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
    const rows = await this.db.query<{ created: boolean; changed: boolean }>(
      `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${subscriptionInputColumns})),
       previous AS (
         SELECT s.subscription_id, s.data FROM portal_kit_subscriptions s JOIN input USING (subscription_id)
       ),
       written AS (${upsertSubscriptionsSql('input AS x')} RETURNING t.subscription_id, t.data)
       SELECT previous.data IS NULL AS created, previous.data IS DISTINCT FROM written.data AS changed
       FROM written LEFT JOIN previous USING (subscription_id)`,
      [JSON.stringify(subscriptionRows(versions))],
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
    await this.writePayment({ ...input, outcome: 'failed' })
  }

  async recordPayment(input: { subscriptionId: string; customerId: string; at: number }): Promise<void> {
    await this.writePayment({ ...input, outcome: 'paid' })
  }

  private async writePayment(payment: PaymentRecord): Promise<void> {
    await this.db.query(
      upsertSubscriptionsSql(`jsonb_to_recordset($1::jsonb) AS x(${subscriptionInputColumns})`),
      [JSON.stringify(subscriptionRows([], payment))],
      'portal_kit_record_payment',
    )
  }

  async upsertInvoice(version: InvoiceVersion): Promise<void> {
    const params: unknown[] = []
    await this.db.query(upsertInvoiceSql(version, params, ''), params, 'portal_kit_upsert_invoice')
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
    const rows = await this.client.query(
      'SELECT 1 FROM portal_kit_webhook_events WHERE event_id = $1',
      [eventId],
      'portal_kit_event_processed',
    )
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

/** Columns of the JSON rows every subscription write takes (a version, a payment record, or both). */
const subscriptionInputColumns = `subscription_id text, customer_id text, status text, data jsonb, source_at bigint,
  source_rank integer, source_id text, paid_at bigint, failed_at bigint, action_required boolean`

interface SubscriptionInputRow {
  subscription_id: string
  customer_id: string
  status?: string
  data?: Stripe.Subscription
  source_at?: number
  source_rank?: number
  source_id?: string
  paid_at?: number
  failed_at?: number
  action_required?: boolean
}

/**
 * One row per subscription, sorted by id so concurrent writers lock rows in the same order: the
 * newest of its versions, merged with the payment record when it is about the same subscription.
 */
function subscriptionRows(versions: readonly SubscriptionVersion[], payment?: PaymentRecord): SubscriptionInputRow[] {
  const rows = new Map<string, SubscriptionInputRow>()
  for (const v of versions) {
    const existing = rows.get(v.subscription.id)
    if (existing && isNotOlder(existing, v)) continue
    rows.set(v.subscription.id, {
      subscription_id: v.subscription.id,
      customer_id: typeof v.subscription.customer === 'string' ? v.subscription.customer : v.subscription.customer.id,
      status: v.subscription.status,
      data: v.subscription,
      source_at: v.sourceAt,
      source_rank: v.sourceRank,
      source_id: v.sourceId,
    })
  }
  if (payment) {
    const row = rows.get(payment.subscriptionId) ?? {
      subscription_id: payment.subscriptionId,
      customer_id: payment.customerId,
    }
    if (payment.outcome === 'paid') row.paid_at = payment.at
    else {
      row.failed_at = payment.at
      row.action_required = payment.actionRequired
    }
    rows.set(payment.subscriptionId, row)
  }
  return [...rows.values()].sort((a, b) => (a.subscription_id < b.subscription_id ? -1 : 1))
}

function isNotOlder(row: SubscriptionInputRow, v: SubscriptionVersion): boolean {
  const a = [row.source_at ?? 0, row.source_rank ?? 0] as const
  if (a[0] !== v.sourceAt) return a[0] > v.sourceAt
  if (a[1] !== v.sourceRank) return a[1] > v.sourceRank
  return (row.source_id ?? '') >= v.sourceId
}

/** A version in the row replaces the stored one only when it is newer (time, then rank, then id). */
const newerVersion = `(excluded.data IS NOT NULL AND (t.data IS NULL
  OR (excluded.source_at, excluded.source_rank, excluded.source_id) > (t.source_at, t.source_rank, t.source_id)))`

/**
 * The upsert every subscription write goes through. A payment clears failures up to it; a failure
 * counts when it is later than the last payment; both use event times, so any order converges.
 */
function upsertSubscriptionsSql(from: string): string {
  return `INSERT INTO portal_kit_subscriptions AS t
    (subscription_id, customer_id, status, data, source_at, source_rank, source_id,
     failed_payment_times, last_paid_at, action_required_at)
  SELECT x.subscription_id, x.customer_id, x.status, x.data, COALESCE(x.source_at, 0), COALESCE(x.source_rank, 0),
    COALESCE(x.source_id, ''), CASE WHEN x.failed_at IS NULL THEN '{}'::bigint[] ELSE ARRAY[x.failed_at] END,
    x.paid_at, CASE WHEN x.action_required THEN x.failed_at END
  FROM ${from}
  ORDER BY x.subscription_id
  ON CONFLICT (subscription_id) DO UPDATE SET
    customer_id = CASE WHEN ${newerVersion} THEN excluded.customer_id ELSE t.customer_id END,
    status = CASE WHEN ${newerVersion} THEN excluded.status ELSE t.status END,
    data = CASE WHEN ${newerVersion} THEN excluded.data ELSE t.data END,
    source_at = CASE WHEN ${newerVersion} THEN excluded.source_at ELSE t.source_at END,
    source_rank = CASE WHEN ${newerVersion} THEN excluded.source_rank ELSE t.source_rank END,
    source_id = CASE WHEN ${newerVersion} THEN excluded.source_id ELSE t.source_id END,
    failed_payment_times = CASE
      WHEN excluded.last_paid_at IS NOT NULL THEN ARRAY(
        SELECT f FROM unnest(t.failed_payment_times) AS f
        WHERE f > GREATEST(t.last_paid_at, excluded.last_paid_at) ORDER BY f)
      WHEN cardinality(excluded.failed_payment_times) = 0
        OR excluded.failed_payment_times[1] <= COALESCE(t.last_paid_at, -1)
        OR excluded.failed_payment_times[1] = ANY (t.failed_payment_times) THEN t.failed_payment_times
      ELSE t.failed_payment_times || excluded.failed_payment_times END,
    last_paid_at = GREATEST(t.last_paid_at, excluded.last_paid_at),
    action_required_at = CASE
      WHEN excluded.last_paid_at IS NOT NULL THEN CASE
        WHEN t.action_required_at > GREATEST(t.last_paid_at, excluded.last_paid_at) THEN t.action_required_at END
      WHEN excluded.action_required_at > COALESCE(t.last_paid_at, -1)
        THEN GREATEST(t.action_required_at, excluded.action_required_at)
      ELSE t.action_required_at END,
    updated_at = now()
  WHERE ${newerVersion} OR excluded.last_paid_at IS NOT NULL OR cardinality(excluded.failed_payment_times) > 0`
}

/** Links a customer to an account: an account keeps its first customer, a customer its first account. */
function linkCustomerSql(p: { customer: string; account: string; email: string; syncedAt: string }, from: string) {
  return `INSERT INTO portal_kit_customers AS t (customer_id, account_id, email, synced_at)
    SELECT ${p.customer}::text,
      CASE WHEN EXISTS (
        SELECT 1 FROM portal_kit_customers WHERE account_id = ${p.account}::text AND customer_id <> ${p.customer}::text)
      THEN NULL ELSE ${p.account}::text END,
      ${p.email}::text, ${p.syncedAt}::timestamptz
    ${from}
    ON CONFLICT (customer_id) DO UPDATE SET
      account_id = CASE WHEN t.deleted THEN NULL ELSE COALESCE(t.account_id, excluded.account_id) END,
      email = COALESCE(excluded.email, t.email),
      synced_at = GREATEST(t.synced_at, excluded.synced_at),
      updated_at = now()`
}

/** Keeps the newest version of an invoice; appends its parameters to `params`. */
function upsertInvoiceSql({ invoice, sourceAt }: InvoiceVersion, params: unknown[], from: string): string {
  const subscription = invoice.parent?.subscription_details?.subscription
  const $ = (value: unknown, cast: string) => `$${params.push(value)}::${cast}`
  return `INSERT INTO portal_kit_invoices AS t
      (invoice_id, customer_id, subscription_id, status, amount_due, currency, hosted_invoice_url, created, source_at)
    SELECT ${$(invoice.id, 'text')}, ${$(typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? null), 'text')},
      ${$(typeof subscription === 'string' ? subscription : (subscription?.id ?? null), 'text')}, ${$(invoice.status, 'text')},
      ${$(invoice.amount_due, 'bigint')}, ${$(invoice.currency, 'text')}, ${$(invoice.hosted_invoice_url ?? null, 'text')},
      ${$(invoice.created, 'bigint')}, ${$(sourceAt, 'bigint')}
    ${from}
    ON CONFLICT (invoice_id) DO UPDATE SET
      status = excluded.status, amount_due = excluded.amount_due, hosted_invoice_url = excluded.hosted_invoice_url,
      source_at = excluded.source_at, updated_at = now()
    WHERE excluded.source_at >= t.source_at`
}

/**
 * One statement that claims an event and applies its writes, each gated on the claim: a duplicate
 * writes nothing. The writes run in a fixed order (subscriptions, customer, invoice, each waiting
 * for the one before), the order manual sync uses too, so concurrent events cannot deadlock. The
 * text depends only on which parts are present, so each shape is prepared once per connection.
 */
function webhookEventStatement(
  event: WebhookEventClaim,
  writes: WebhookEventWrites,
): { name: string; text: string; params: unknown[] } {
  const params: unknown[] = [event.id, event.type, event.customerId, event.created]
  const $ = (value: unknown) => `$${params.push(value)}`
  const parts: { key: string; cte: string }[] = []
  const gate = () => {
    const previous = parts.at(-1)
    return previous ? `FROM claim, (SELECT count(*) FROM ${previous.key}) AS after_${previous.key}` : 'FROM claim'
  }

  const rows = subscriptionRows(writes.subscriptions ?? [], writes.payment)
  if (rows.length > 0) {
    const input = `jsonb_to_recordset(${$(JSON.stringify(rows))}::jsonb) AS x(${subscriptionInputColumns})`
    parts.push({ key: 'subs', cte: `${upsertSubscriptionsSql(`claim, ${input}`)} RETURNING 1` })
  }
  const customer = customerPart(writes.customer, $, gate)
  if (customer) parts.push(customer)
  if (writes.invoice)
    parts.push({ key: 'invoice', cte: `${upsertInvoiceSql(writes.invoice, params, gate())} RETURNING 1` })

  const ctes = parts.map((p) => `, ${p.key} AS (${p.cte})`).join('\n')
  return {
    name: `portal_kit_event${parts.map((p) => `_${p.key}`).join('')}`,
    text: `WITH claim AS (
      INSERT INTO portal_kit_webhook_events (event_id, type, customer_id, event_created)
      VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING RETURNING event_id)
    ${ctes}
    SELECT count(*)::int AS claimed FROM claim`,
    params,
  }
}

function customerPart(
  write: CustomerWrite | undefined,
  $: (value: unknown) => string,
  gate: () => string,
): { key: string; cte: string } | null {
  if (!write) return null
  if (write.deleted) {
    // The account is freed so its next "Manage billing" creates a fresh customer.
    return {
      key: 'deleted',
      cte: `INSERT INTO portal_kit_customers AS t (customer_id, deleted) SELECT ${$(write.customerId)}::text, true ${gate()}
        ON CONFLICT (customer_id) DO UPDATE SET deleted = true, account_id = NULL, updated_at = now() RETURNING 1`,
    }
  }
  const syncedAt = write.syncedAt?.toISOString() ?? null
  if (write.link) {
    const p = { customer: $(write.customerId), account: $(write.link.accountId), email: $(write.link.email) }
    return { key: 'link', cte: `${linkCustomerSql({ ...p, syncedAt: $(syncedAt) }, gate())} RETURNING 1` }
  }
  if (syncedAt === null) return null
  const g = gate()
  return {
    key: 'synced',
    cte: `UPDATE portal_kit_customers AS t SET synced_at = GREATEST(t.synced_at, ${$(syncedAt)}::timestamptz), updated_at = now()
      ${g} WHERE t.customer_id = ${$(write.customerId)}::text RETURNING 1`,
  }
}
