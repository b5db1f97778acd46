import type Stripe from 'stripe'
import { accountIdFromColumn, accountIdToColumn } from './account-id-column.js'
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
  SyncSlotClaim,
  UpsertCounts,
  WebhookEventClaim,
  WebhookEventWrites,
} from './billing-store.js'
import { runMigrations } from './migrations.js'
import { isNewerVersion, orderedInSameSecondSql } from './same-second-order.js'
import type { SqlClient, SqlQueryable } from './sql-client.js'
import { type InputColumns, rowFromParams, rowParams, rowsFromJson } from './sql-input-rows.js'
import { StatusRevisionReader } from './status-revision-reader.js'

interface CustomerRow {
  customer_id: string
  account_id: string | null
  email: string | null
  deleted: boolean
  synced_at: Date | string | null
  row_version?: string
}

interface SubscriptionRow {
  subscription_id: string
  customer_id: string
  status: string
  data: Stripe.Subscription | string
  past_due_since: string | number | null
  action_required: boolean
  source_at: string | number
  row_version: string
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
    return (await applyWebhookEvents(this.db, [{ event, writes }])).has(event.id)
  }

  async applyWebhookEventWithAccount(
    event: WebhookEventClaim,
    writes: WebhookEventWrites,
  ): Promise<{ claimed: boolean; accountId: string | null }> {
    const claimed = await applyWebhookEvents(this.db, [{ event, writes }], { withAccount: true })
    const accountId = claimed.get(event.id) ?? null
    const link = writes.customer?.deleted ? undefined : writes.customer?.link
    if (claimed.has(event.id) && accountId === null && link?.accountId && writes.customer) {
      // A link that changed nothing is not written, so the statement answered the account from its
      // snapshot, which misses a first link another event committed meanwhile: read the row as it is now.
      const customer = await this.findCustomer(writes.customer.customerId)
      return { claimed: true, accountId: customer?.deleted ? null : (customer?.accountId ?? null) }
    }
    return { claimed: claimed.has(event.id), accountId }
  }

  async linkCustomer(input: {
    customerId: string
    accountId: string | null
    email?: string | null
  }): Promise<CustomerRecord> {
    const [customer] = await linkCustomers(this.db, [input])
    return customer as CustomerRecord
  }

  async markCustomerDeleted(customerId: string): Promise<void> {
    await this.writeCustomer({ customerId, deleted: true })
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
    await this.writeCustomer({ customerId, syncedAt: at })
  }

  private async writeCustomer(write: CustomerWrite): Promise<void> {
    await this.db.query(
      upsertCustomersSql(customersFrom('$1'), ''),
      [JSON.stringify([customerRow(write, null)])],
      'portal_kit_write_customer',
    )
  }

  async upsertSubscriptions(versions: readonly SubscriptionVersion[]): Promise<UpsertCounts> {
    if (versions.length === 0) return { created: 0, updated: 0, unchanged: 0 }
    const rows = await this.db.query<{ created: boolean; changed: boolean }>(
      `WITH input AS (SELECT * FROM ${subscriptionsFrom('$1')}),
       previous AS (
         SELECT s.subscription_id, s.data FROM portal_kit_subscriptions s JOIN input USING (subscription_id)
       ),
       written AS (${upsertSubscriptionsSql('input AS x', '')} RETURNING t.subscription_id, t.data)
       SELECT previous.data IS NULL AS created, previous.data IS DISTINCT FROM written.data AS changed
       FROM written LEFT JOIN previous USING (subscription_id)`,
      [JSON.stringify(subscriptionRows(versions, undefined, null))],
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
      upsertSubscriptionsSql(subscriptionsFrom('$1'), ''),
      [JSON.stringify(subscriptionRows([], payment, null))],
      'portal_kit_record_payment',
    )
  }

  async upsertInvoice(version: InvoiceVersion): Promise<void> {
    await this.db.query(
      upsertInvoicesSql(invoicesFrom('$1'), ''),
      [JSON.stringify([invoiceRow(version, null)])],
      'portal_kit_upsert_invoice',
    )
  }
}

/** The one SQL implementation of `BillingStore`, over any `SqlClient` (PGlite or node-postgres). */
export class SqlBillingStore extends SqlWriter implements BillingStore {
  private migrated: Promise<void> | undefined

  private readonly batcher: WebhookEventBatcher
  private readonly revisions: StatusRevisionReader

  constructor(private readonly client: SqlClient) {
    super(client)
    this.batcher = new WebhookEventBatcher(client)
    this.revisions = new StatusRevisionReader(client)
  }

  /** Outside a transaction, concurrent events share statements (see `WebhookEventBatcher`). */
  override applyWebhookEvent(event: WebhookEventClaim, writes: WebhookEventWrites): Promise<boolean> {
    return this.batcher.apply(event, writes)
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
      `SELECT ${customerColumns}, xmin::text AS row_version FROM portal_kit_customers WHERE account_id = $1 AND NOT deleted`,
      [accountIdToColumn(accountId)],
      'portal_kit_customer_by_account',
    )
    return rows[0] ? toCustomer(rows[0]) : null
  }

  async listSubscriptions(customerId: string): Promise<SubscriptionRecord[]> {
    const rows = await this.client.query<SubscriptionRow>(
      `SELECT subscription_id, customer_id, status, data,
              (SELECT min(f) FROM unnest(failed_payment_times) AS f) AS past_due_since,
              (action_required_at IS NOT NULL) AS action_required, source_at, xmin::text AS row_version
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
      sourceAt: Number(r.source_at),
      rowVersion: r.row_version,
    }))
  }

  async linkCustomers(
    customers: readonly { customerId: string; accountId: string | null; email?: string | null }[],
  ): Promise<CustomerRecord[]> {
    return customers.length === 0 ? [] : linkCustomers(this.client, customers)
  }

  async markCustomersSynced(customerIds: readonly string[], at: Date): Promise<void> {
    if (customerIds.length === 0) return
    await this.client.query(
      upsertCustomersSql(customersFrom('$1'), ''),
      [JSON.stringify(customerIds.map((customerId) => customerRow({ customerId, syncedAt: at }, null)))],
      'portal_kit_write_customer',
    )
  }

  /** Concurrent calls share one read (see `StatusRevisionReader`). */
  statusRevision(accountId: string): Promise<string> {
    return this.revisions.read(accountId)
  }

  async isWebhookEventProcessed(eventId: string): Promise<boolean> {
    const rows = await this.client.query(
      'SELECT 1 FROM portal_kit_webhook_events WHERE event_id = $1',
      [eventId],
      'portal_kit_event_processed',
    )
    return rows.length > 0
  }

  async claimSyncSlot(customerId: string, intervalSeconds: number, options?: SyncSlotClaim): Promise<SyncSlot> {
    const rows = await this.client.query<{ granted: boolean; retry_after: string | number | null }>(
      `WITH claimed AS (
         UPDATE portal_kit_customers
         SET sync_requested_at = now(), return_sync_due = return_sync_due AND NOT $3::boolean
         WHERE customer_id = $1
           AND (sync_requested_at IS NULL OR sync_requested_at <= now() - make_interval(secs => $2::double precision)
                OR ($3::boolean AND return_sync_due))
         RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM claimed) AS granted,
              (SELECT ceil(extract(epoch FROM (sync_requested_at + make_interval(secs => $2::double precision) - now())))
                 FROM portal_kit_customers WHERE customer_id = $1) AS retry_after`,
      [customerId, intervalSeconds, options?.forReturn === true],
      'portal_kit_claim_sync_slot',
    )
    const row = rows[0]
    if (!row || row.granted) return { granted: true }
    return { granted: false, retryAfterSeconds: Math.max(1, Number(row.retry_after ?? intervalSeconds)) }
  }

  async releaseSyncSlot(customerId: string): Promise<void> {
    await this.client.query(
      // A slot not held, with a return sync already owed, writes nothing: no row version (so no status
      // revision) change, no WAL to flush.
      `UPDATE portal_kit_customers SET sync_requested_at = NULL, return_sync_due = true
       WHERE customer_id = $1 AND (sync_requested_at IS NOT NULL OR NOT return_sync_due)`,
      [customerId],
      'portal_kit_release_sync_slot',
    )
  }

  async findCustomerAndReleaseSyncSlot(accountId: string): Promise<CustomerRecord | null> {
    const rows = await this.client.query<CustomerRow>(
      customerForVisitSql,
      [accountIdToColumn(accountId)],
      'portal_kit_customer_for_visit',
    )
    return rows[0] ? toCustomer(rows[0]) : null
  }

  async pruneWebhookEvents(input: { processedBefore: Date; limit: number }): Promise<number> {
    const rows = await this.client.query(
      `DELETE FROM portal_kit_webhook_events WHERE event_id IN (
         SELECT event_id FROM portal_kit_webhook_events WHERE processed_at < $1
         ORDER BY processed_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING 1`,
      [input.processedBefore.toISOString(), input.limit],
      'portal_kit_prune_webhook_events',
    )
    return rows.length
  }

  close(): Promise<void> {
    return this.client.close()
  }
}

function toCustomer(row: CustomerRow): CustomerRecord {
  return {
    customerId: row.customer_id,
    accountId: accountIdFromColumn(row.account_id),
    email: row.email,
    deleted: row.deleted,
    syncedAt: row.synced_at === null ? null : new Date(row.synced_at),
    ...(row.row_version === undefined ? {} : { rowVersion: row.row_version }),
  }
}

/** One event for `applyWebhookEvents`: its claim and what it writes once claimed. */
interface WebhookEventInput {
  event: WebhookEventClaim
  writes: WebhookEventWrites
}

/**
 * `linkCustomer` for each of `customers` (distinct ids) in one statement; answers each as stored, in id order.
 * A link that changes nothing is not written and so not returned: those are read in a statement of their
 * own, which also sees a link another transaction committed after the first statement began.
 */
async function linkCustomers(
  db: SqlQueryable,
  customers: readonly { customerId: string; accountId: string | null; email?: string | null }[],
): Promise<CustomerRecord[]> {
  const input = customers.map((c) =>
    customerRow({ customerId: c.customerId, link: { accountId: c.accountId, email: c.email ?? null } }, null),
  )
  const written = await db.query<CustomerRow>(
    `${upsertCustomersSql(customersFrom('$1'), '')} RETURNING ${customerColumns}`,
    [JSON.stringify(input)],
    'portal_kit_link_customer',
  )
  const writtenIds = new Set(written.map((r) => r.customer_id))
  const unchanged = customers.map((c) => c.customerId).filter((id) => !writtenIds.has(id))
  const rows =
    unchanged.length === 0
      ? written
      : written.concat(
          await db.query<CustomerRow>(
            `SELECT ${customerColumns} FROM portal_kit_customers WHERE customer_id = ANY ($1::text[])`,
            [unchanged],
            'portal_kit_customers_by_id',
          ),
        )
  return rows.map(toCustomer).sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0))
}

/** The columns of a claim, as `applyWebhookEvents` builds it and `applyWebhookEventsSql` reads it. */
const claimInputColumns: InputColumns = [
  ['event_id', 'text'],
  ['type', 'text'],
  ['customer_id', 'text'],
  ['event_created', 'bigint'],
  ['same_second_subscription_id', 'text'],
  ['version_at', 'bigint'],
  ['version_rank', 'integer'],
  ['version_id', 'text'],
  ['version_status', 'text'],
]

/**
 * Claims a set of events and applies the writes of each one claimed, in one statement (one round
 * trip, one commit). Every write row carries its event id and is kept only when that id was
 * claimed now, so a duplicate writes nothing. Each table is written in key order and the tables
 * in a fixed order (subscriptions, customers, invoices, each waiting for the one before, as
 * manual sync does), so concurrent statements cannot deadlock. Returns the ids claimed, each with its
 * customer's account when `withAccount` asks for it (null otherwise).
 * The events must not share an id, a subscription, a customer or an invoice.
 */
async function applyWebhookEvents(
  db: SqlQueryable,
  inputs: readonly WebhookEventInput[],
  options: { withAccount?: boolean } = {},
): Promise<Map<string, string | null>> {
  const events = inputs.map(({ event, writes }) => {
    const guarded = event.unlessStoredInSameSecond
    const version = guarded ? writes.subscriptions?.find((v) => v.subscription.id === guarded) : undefined
    return {
      event_id: event.id,
      type: event.type,
      customer_id: event.customerId,
      event_created: event.created,
      same_second_subscription_id: guarded ?? null,
      version_at: version?.sourceAt ?? null,
      version_rank: version?.sourceRank ?? null,
      version_id: version?.sourceId ?? null,
      version_status: version?.subscription.status ?? null,
    }
  })
  const subscriptions = inputs.flatMap(({ event, writes }) =>
    subscriptionRows(writes.subscriptions ?? [], writes.payment, event.id),
  )
  const customers = inputs.flatMap(({ event, writes }) =>
    writes.customer ? [customerRow(writes.customer, event.id)] : [],
  )
  const invoices = inputs.flatMap(({ event, writes }) => (writes.invoice ? [invoiceRow(writes.invoice, event.id)] : []))
  const tables = [
    { rows: subscriptions, columns: subscriptionInputColumns },
    { rows: customers, columns: customerInputColumns },
    { rows: invoices, columns: invoiceInputColumns },
  ].filter((t) => t.rows.length > 0)
  const single = events.length === 1 && tables.every((t) => t.rows.length === 1)
  const { text, name } = applyStatement({
    subscriptions: subscriptions.length > 0,
    customers: customers.length > 0,
    invoices: invoices.length > 0,
    account: options.withAccount === true,
    single,
  })
  const params = single
    ? [
        ...rowParams(events[0] as object, claimInputColumns),
        ...tables.flatMap((t) => rowParams(t.rows[0] as object, t.columns)),
      ]
    : [JSON.stringify(events), ...tables.map((t) => JSON.stringify(t.rows))]
  const rows = await db.query<{ event_id: string; account_id?: string | null }>(text, params, name)
  return new Map(rows.map((r) => [r.event_id, accountIdFromColumn(r.account_id ?? null)]))
}

/** The rows an event writes, by table and key: two events in one statement must not share one. */
function writtenKeys({ event, writes }: WebhookEventInput): string[] {
  const keys = [`event:${event.id}`]
  for (const v of writes.subscriptions ?? []) keys.push(`subscription:${v.subscription.id}`)
  if (writes.payment) keys.push(`subscription:${writes.payment.subscriptionId}`)
  if (writes.customer) keys.push(`customer:${writes.customer.customerId}`)
  if (writes.invoice) keys.push(`invoice:${writes.invoice.invoice.id}`)
  return keys
}

interface QueuedEvent extends WebhookEventInput {
  keys: string[]
  resolve: (claimed: boolean) => void
  reject: (error: unknown) => void
}

/**
 * Group commit for webhooks: an event is sent at once while fewer than `maxStatements` are in
 * flight; otherwise it waits for one to finish and goes with the others that arrived meanwhile,
 * in one statement. Under load this turns many round trips and commits into a few, and an idle
 * server adds no delay. Events that touch the same row wait for the next statement. When a shared
 * statement fails, each of its events is applied alone, so one bad event (or two first links of
 * one account) fails only itself.
 */
class WebhookEventBatcher {
  private readonly queue: QueuedEvent[] = []
  private inFlight = 0

  constructor(
    private readonly db: SqlQueryable,
    // Three statements keep both cores busy, Postgres on some while Node handles the results of another;
    // more only shrink the batches (bench/HISTORY.md, the 2026-12-02 session: 3 beat 2 at 4, 16 and 64
    // requests in flight, and 4 lost to 2 at 16).
    private readonly maxStatements = 3,
    private readonly maxEvents = 64,
  ) {}

  async apply(event: WebhookEventClaim, writes: WebhookEventWrites): Promise<boolean> {
    if (this.queue.length === 0 && this.inFlight < this.maxStatements) {
      // Nothing waits and a statement is free: the event goes alone, at once, with no keys to compare.
      this.inFlight++
      try {
        return (await applyWebhookEvents(this.db, [{ event, writes }])).has(event.id)
      } finally {
        this.inFlight--
        this.pump()
      }
    }
    return new Promise((resolve, reject) => {
      const input = { event, writes }
      this.queue.push({ ...input, keys: writtenKeys(input), resolve, reject })
      this.pump()
    })
  }

  private pump(): void {
    while (this.inFlight < this.maxStatements && this.queue.length > 0) {
      const batch = this.takeBatch()
      this.inFlight++
      void this.run(batch).finally(() => {
        this.inFlight--
        this.pump()
      })
    }
  }

  /** The oldest queued events that touch distinct rows, in arrival order. */
  private takeBatch(): QueuedEvent[] {
    const taken: QueuedEvent[] = []
    const keys = new Set<string>()
    for (let i = 0; i < this.queue.length && taken.length < this.maxEvents; ) {
      const item = this.queue[i] as QueuedEvent
      if (item.keys.some((k) => keys.has(k))) {
        i++
        continue
      }
      for (const k of item.keys) keys.add(k)
      taken.push(item)
      this.queue.splice(i, 1)
    }
    return taken
  }

  private async run(batch: QueuedEvent[]): Promise<void> {
    try {
      const claimed = await applyWebhookEvents(this.db, batch)
      for (const item of batch) item.resolve(claimed.has(item.event.id))
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error)
        return
      }
      await Promise.all(
        batch.map((item) =>
          applyWebhookEvents(this.db, [item]).then((claimed) => item.resolve(claimed.has(item.event.id)), item.reject),
        ),
      )
    }
  }
}

/** The columns of every subscription write (a version, a payment record, or both), as rows or parameters. */
const subscriptionInputColumns: InputColumns = [
  ['subscription_id', 'text'],
  ['customer_id', 'text'],
  ['status', 'text'],
  ['data', 'jsonb'],
  ['source_at', 'bigint'],
  ['source_rank', 'integer'],
  ['source_id', 'text'],
  ['paid_at', 'bigint'],
  ['failed_at', 'bigint'],
  ['action_required', 'boolean'],
  ['event_id', 'text'],
]
const subscriptionsFrom = (param: string) => rowsFromJson(param, 'x', subscriptionInputColumns)

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
  event_id: string | null
}

/**
 * One row per subscription, sorted by id: the newest of its versions, merged with the payment
 * record when it is about the same subscription.
 */
function subscriptionRows(
  versions: readonly SubscriptionVersion[],
  payment: PaymentRecord | undefined,
  eventId: string | null,
): SubscriptionInputRow[] {
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
      event_id: eventId,
    })
  }
  if (payment) {
    const row = rows.get(payment.subscriptionId) ?? {
      subscription_id: payment.subscriptionId,
      customer_id: payment.customerId,
      event_id: eventId,
    }
    if (payment.outcome === 'paid') row.paid_at = payment.at
    else {
      row.failed_at = payment.at
      row.action_required = payment.actionRequired
    }
    rows.set(payment.subscriptionId, row)
  }
  return [...rows.values()]
}

function isNotOlder(row: SubscriptionInputRow, v: SubscriptionVersion): boolean {
  const stored = { sourceAt: row.source_at ?? 0, sourceRank: row.source_rank ?? 0, sourceId: row.source_id ?? '' }
  return !isNewerVersion(v, stored)
}

/** A version in the row replaces the stored one only when it is newer (time, then rank, then id). */
const newerVersion = `(excluded.data IS NOT NULL AND (t.data IS NULL
  OR (excluded.source_at, excluded.source_rank, excluded.source_id) > (t.source_at, t.source_rank, t.source_id)))`

/**
 * The upsert every subscription write goes through, in key order. A payment clears failures up to
 * it; a failure counts when it is later than the last payment; both use event times, so any order
 * converges.
 */
function upsertSubscriptionsSql(from: string, where: string): string {
  return `INSERT INTO portal_kit_subscriptions AS t
    (subscription_id, customer_id, status, data, source_at, source_rank, source_id,
     failed_payment_times, last_paid_at, action_required_at)
  SELECT x.subscription_id, x.customer_id, x.status, x.data, COALESCE(x.source_at, 0), COALESCE(x.source_rank, 0),
    COALESCE(x.source_id, ''), CASE WHEN x.failed_at IS NULL THEN '{}'::bigint[] ELSE ARRAY[x.failed_at] END,
    x.paid_at, CASE WHEN x.action_required THEN x.failed_at END
  FROM ${from} ${where}
  ORDER BY x.subscription_id
  ON CONFLICT (subscription_id) ${updateWhenChanged(
    [
      ['source_at', `CASE WHEN ${newerVersion} THEN excluded.source_at ELSE t.source_at END`],
      ['source_rank', `CASE WHEN ${newerVersion} THEN excluded.source_rank ELSE t.source_rank END`],
      ['source_id', `CASE WHEN ${newerVersion} THEN excluded.source_id ELSE t.source_id END`],
      ['last_paid_at', 'GREATEST(t.last_paid_at, excluded.last_paid_at)'],
      [
        'failed_payment_times',
        `CASE
      WHEN excluded.last_paid_at IS NOT NULL THEN ARRAY(
        SELECT f FROM unnest(t.failed_payment_times) AS f
        WHERE f > GREATEST(t.last_paid_at, excluded.last_paid_at) ORDER BY f)
      WHEN cardinality(excluded.failed_payment_times) = 0
        OR excluded.failed_payment_times[1] <= COALESCE(t.last_paid_at, -1)
        OR excluded.failed_payment_times[1] = ANY (t.failed_payment_times) THEN t.failed_payment_times
      ELSE t.failed_payment_times || excluded.failed_payment_times END`,
      ],
      [
        'action_required_at',
        `CASE
      WHEN excluded.last_paid_at IS NOT NULL THEN CASE
        WHEN t.action_required_at > GREATEST(t.last_paid_at, excluded.last_paid_at) THEN t.action_required_at END
      WHEN excluded.action_required_at > COALESCE(t.last_paid_at, -1)
        THEN GREATEST(t.action_required_at, excluded.action_required_at)
      ELSE t.action_required_at END`,
      ],
      ['customer_id', `CASE WHEN ${newerVersion} THEN excluded.customer_id ELSE t.customer_id END`],
      ['status', `CASE WHEN ${newerVersion} THEN excluded.status ELSE t.status END`],
      ['data', `CASE WHEN ${newerVersion} THEN excluded.data ELSE t.data END`],
    ],
    `${newerVersion} OR excluded.last_paid_at IS NOT NULL OR cardinality(excluded.failed_payment_times) > 0`,
  )}`
}

/**
 * `DO UPDATE` that writes a row only when one of its columns would change: a write that repeats what is
 * stored (invoice.payment_succeeded after invoice.paid, a customer.updated for a field the kit does not
 * keep, reconcile finding nothing new) leaves the row, so its version and the account's status revision
 * stay (a browser's cached status stays fresh) and no dead row is left for vacuum. `worthChecking` is a
 * cheap test that rules most rows out first; columns are compared in order, so cheap ones go first.
 */
function updateWhenChanged(columns: readonly (readonly [string, string])[], worthChecking = 'true'): string {
  const set = columns.map(([column, value]) => `${column} = ${value}`).join(',\n    ')
  const values = columns.map(([, value]) => value).join(', ')
  const stored = columns.map(([column]) => `t.${column}`).join(', ')
  return `DO UPDATE SET
    ${set},
    updated_at = now()
  WHERE (${worthChecking}) AND ROW(${values}) IS DISTINCT FROM ROW(${stored})`
}

const customerInputColumns: InputColumns = [
  ['customer_id', 'text'],
  ['account_id', 'text'],
  ['email', 'text'],
  ['link', 'boolean'],
  ['deleted', 'boolean'],
  ['synced_at', 'timestamptz'],
  ['event_id', 'text'],
]
const customersFrom = (param: string) => rowsFromJson(param, 'c', customerInputColumns)

interface CustomerInputRow {
  customer_id: string
  account_id: string | null
  email: string | null
  link: boolean
  deleted: boolean
  synced_at: string | null
  event_id: string | null
}

function customerRow(write: CustomerWrite, eventId: string | null): CustomerInputRow {
  return {
    customer_id: write.customerId,
    account_id: accountIdToColumn(write.link?.accountId ?? null),
    email: write.link?.email ?? null,
    link: write.link !== undefined,
    deleted: write.deleted === true,
    synced_at: write.syncedAt?.toISOString() ?? null,
    event_id: eventId,
  }
}

/**
 * Every customer write, in key order: a link (an account keeps its first customer, a customer its
 * first account), a deletion (frees the account, so its next "Manage billing" creates a fresh
 * customer), and a sync time, which only updates a customer already stored. The lookups are
 * LATERAL ... LIMIT 1 so each is an index probe per input row: as EXISTS, Postgres planned the
 * "already stored" test as a hashed full scan of the table on every call.
 */
function upsertCustomersSql(from: string, where: string): string {
  return `INSERT INTO portal_kit_customers AS t (customer_id, account_id, email, deleted, synced_at)
    SELECT c.customer_id,
      CASE WHEN c.deleted OR taken.customer_id IS NOT NULL THEN NULL ELSE c.account_id END,
      c.email, c.deleted, c.synced_at
    FROM ${from}
    LEFT JOIN LATERAL (SELECT o.customer_id FROM portal_kit_customers o
      WHERE o.account_id = c.account_id AND o.customer_id <> c.customer_id LIMIT 1) AS taken ON true
    LEFT JOIN LATERAL (SELECT o.customer_id FROM portal_kit_customers o
      WHERE o.customer_id = c.customer_id LIMIT 1) AS stored ON true
    WHERE (c.link OR c.deleted OR stored.customer_id IS NOT NULL)
      ${where}
    ORDER BY c.customer_id
    ON CONFLICT (customer_id) ${updateWhenChanged([
      ['deleted', 't.deleted OR excluded.deleted'],
      [
        'account_id',
        'CASE WHEN t.deleted OR excluded.deleted THEN NULL ELSE COALESCE(t.account_id, excluded.account_id) END',
      ],
      ['synced_at', 'GREATEST(t.synced_at, excluded.synced_at)'],
      ['email', 'COALESCE(excluded.email, t.email)'],
    ])}`
}

const invoiceInputColumns: InputColumns = [
  ['invoice_id', 'text'],
  ['customer_id', 'text'],
  ['subscription_id', 'text'],
  ['status', 'text'],
  ['amount_due', 'bigint'],
  ['currency', 'text'],
  ['hosted_invoice_url', 'text'],
  ['created', 'bigint'],
  ['source_at', 'bigint'],
  ['event_id', 'text'],
]
const invoicesFrom = (param: string) => rowsFromJson(param, 'i', invoiceInputColumns)

function invoiceRow({ invoice, sourceAt }: InvoiceVersion, eventId: string | null) {
  const subscription = invoice.parent?.subscription_details?.subscription
  return {
    invoice_id: invoice.id,
    customer_id: typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? null),
    subscription_id: typeof subscription === 'string' ? subscription : (subscription?.id ?? null),
    status: invoice.status,
    amount_due: invoice.amount_due,
    currency: invoice.currency,
    hosted_invoice_url: invoice.hosted_invoice_url ?? null,
    created: invoice.created,
    source_at: sourceAt,
    event_id: eventId,
  }
}

/** Keeps the newest version of each invoice, in key order. */
function upsertInvoicesSql(from: string, where: string): string {
  return `INSERT INTO portal_kit_invoices AS t
      (invoice_id, customer_id, subscription_id, status, amount_due, currency, hosted_invoice_url, created, source_at)
    SELECT i.invoice_id, i.customer_id, i.subscription_id, i.status, i.amount_due, i.currency, i.hosted_invoice_url,
      i.created, i.source_at
    FROM ${from} ${where}
    ORDER BY i.invoice_id
    ON CONFLICT (invoice_id) ${updateWhenChanged(
      [
        ['source_at', 'excluded.source_at'],
        ['status', 'excluded.status'],
        ['amount_due', 'excluded.amount_due'],
        ['hosted_invoice_url', 'excluded.hosted_invoice_url'],
      ],
      'excluded.source_at >= t.source_at',
    )}`
}

/** Which tables a statement of `applyWebhookEventsSql` writes besides the claim. */
export interface WebhookWriteShape {
  subscriptions: boolean
  customers: boolean
  invoices: boolean
  /** Also answer each claimed event's account (`applyWebhookEventWithAccount`). */
  account?: boolean
  /**
   * One event, writing at most one row of each table: every value is a parameter of its own
   * (`rowFromParams`), the claim's first, then each table's in table order. Otherwise `$1` is the claims
   * and each table's rows one JSON array parameter.
   */
  single?: boolean
}

/**
 * The claim and the writes of a set of events, in one statement: `$1` the claims, then the rows of each
 * table the shape writes, in table order (`$2`, `$3`, ...; `single` says a lone event's parameters). Each
 * write keeps the rows of claimed events only; `(SELECT count(*) FROM ...) >= 0` becomes a one-time filter,
 * so a table is written only once the one before it is done, whatever the plan. A table the events do not write is left out: an insert of no
 * rows still opens its table and every index of it.
 */
export function applyWebhookEventsSql(shape: WebhookWriteShape): string {
  const tables = [
    {
      table: 'subscriptions',
      alias: 'x',
      columns: subscriptionInputColumns,
      upsert: (from: string, claimed: string) => upsertSubscriptionsSql(from, `WHERE x.${claimed}`),
    },
    {
      table: 'customers',
      alias: 'c',
      columns: customerInputColumns,
      upsert: (from: string, claimed: string) => upsertCustomersSql(from, `AND c.${claimed}`),
    },
    {
      table: 'invoices',
      alias: 'i',
      columns: invoiceInputColumns,
      upsert: (from: string, claimed: string) => upsertInvoicesSql(from, `WHERE i.${claimed}`),
    },
  ] as const
  let nextParam = 1
  const input = (alias: string, columns: InputColumns) => {
    const from = shape.single ? rowFromParams(nextParam, alias, columns) : rowsFromJson(`$${nextParam}`, alias, columns)
    nextParam += shape.single ? columns.length : 1
    return from
  }
  const claims = input('e', claimInputColumns)
  const writes: string[] = []
  let previous: string | null = null
  const after = () => (previous ? ` AND (SELECT count(*) FROM ${previous}) >= 0` : '')
  for (const { table, alias, columns, upsert } of tables) {
    if (!shape[table]) continue
    const returning = table === 'customers' && shape.account ? 't.customer_id, t.account_id' : '1'
    writes.push(
      `${table} AS (${upsert(input(alias, columns), `event_id IN (SELECT event_id FROM claim)${after()}`)} RETURNING ${returning})`,
    )
    previous = table
  }
  return `WITH claim AS (
    INSERT INTO portal_kit_webhook_events (event_id, type, customer_id, event_created)
    SELECT e.event_id, e.type, e.customer_id, e.event_created
    FROM ${claims}
    LEFT JOIN LATERAL (SELECT 1 AS tie FROM portal_kit_subscriptions s
      WHERE s.subscription_id = e.same_second_subscription_id AND s.customer_id = e.customer_id
        AND s.data IS NOT NULL AND s.source_at / 1000 = e.event_created
        AND NOT ${orderedInSameSecondSql({ at: 'e.version_at', rank: 'e.version_rank', id: 'e.version_id', status: 'e.version_status' }, 's')}
      LIMIT 1) AS same_second ON true
    WHERE same_second.tie IS NULL
    ORDER BY e.event_id
    ON CONFLICT (event_id) DO NOTHING RETURNING event_id, customer_id
  )${writes.map((w) => `,\n  ${w}`).join('')}
  ${shape.account ? claimedWithAccount(shape.customers) : 'SELECT event_id FROM claim'} WHERE true${after()}`
}

/**
 * Each claimed event with its customer's account. The statement's own reads see the rows as they were
 * before it, so a customer this statement wrote takes its account from the write's RETURNING (a link
 * made now); one it did not write, or deleted (its account is now null), takes the account it had.
 */
function claimedWithAccount(customersWritten: boolean): string {
  const written = customersWritten ? 'LEFT JOIN customers AS written ON written.customer_id = claim.customer_id' : ''
  const account = customersWritten ? 'COALESCE(written.account_id, stored.account_id)' : 'stored.account_id'
  return `SELECT claim.event_id, ${account} AS account_id FROM claim ${written}
  LEFT JOIN portal_kit_customers AS stored ON stored.customer_id = claim.customer_id`
}

/** The statements of `applyWebhookEventsSql` (one per shape, for one event or many), built once each, by shape bits. */
const applyStatements: ({ text: string; name: string } | undefined)[] = []

function applyStatement(shape: WebhookWriteShape): { text: string; name: string } {
  const flags = [shape.subscriptions, shape.customers, shape.invoices, shape.account === true, shape.single === true]
  const bits = flags.reduce((sum, flag, i) => sum | (flag ? 1 << i : 0), 0)
  let statement = applyStatements[bits]
  if (!statement) {
    const key = flags.map(Number).join('')
    statement = { text: applyWebhookEventsSql(shape), name: `portal_kit_apply_webhook_events_${key}` }
    applyStatements[bits] = statement
  }
  return statement
}

/**
 * `findCustomerAndReleaseSyncSlot`: a data-modifying WITH runs even though the SELECT does not read it;
 * the SELECT sees the row as it was, so the version comes from the release's RETURNING when it wrote.
 */
export const customerForVisitSql = `WITH found AS (
     SELECT ${customerColumns}, xmin::text AS row_version FROM portal_kit_customers
     WHERE account_id = $1 AND NOT deleted
   ), released AS (
     UPDATE portal_kit_customers c SET sync_requested_at = NULL, return_sync_due = true FROM found
     WHERE c.customer_id = found.customer_id AND (c.sync_requested_at IS NOT NULL OR NOT c.return_sync_due)
     RETURNING c.xmin::text AS row_version
   )
   SELECT found.customer_id, found.account_id, found.email, found.deleted, found.synced_at,
          COALESCE((SELECT row_version FROM released), found.row_version) AS row_version
   FROM found`

/** The statement behind `linkCustomers` and `markCustomersSynced`, for the conformance suite's plan check. */
export const customerWritesSql = upsertCustomersSql(customersFrom('$1'), '')
