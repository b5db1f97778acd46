import type {
  BillingStore,
  BillingStoreWriter,
  CustomerRecord,
  InvoiceVersion,
  SubscriptionRecord,
  SubscriptionVersion,
  UpsertCounts,
  WebhookEventClaim,
  WebhookEventWrites,
} from '../stores/billing-store.js'
import { statusRevisionOf } from '../stores/billing-store.js'
import { runStoreConformance } from './index.js'

// A third-party store in a few lines: every case of the published suite runs against a real
// implementation over JavaScript maps, as a store over another database would prove itself.

interface SubscriptionRow {
  record: Omit<SubscriptionRecord, 'pastDueSince' | 'paymentActionRequired' | 'rowVersion'> | null
  sourceRank: number
  sourceId: string
  failures: { at: number; actionRequired: boolean }[]
  lastPaidAt: number
  rowVersion: number
}

/** A customer as stored: its record, its sync slot, and whether a visit to Stripe owes its return a sync. */
type StoredCustomer = CustomerRecord & { syncRequestedAt: number | null; returnSyncDue: boolean }

interface State {
  customers: Map<string, StoredCustomer>
  subscriptions: Map<string, SubscriptionRow>
  invoices: Map<string, InvoiceVersion>
  events: Map<string, number>
}

function inMemoryStore(): BillingStore {
  let state: State = { customers: new Map(), subscriptions: new Map(), invoices: new Map(), events: new Map() }
  let revision = 0
  // One writer at a time, as a database's row locks would serialise these writes.
  let queue: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(fn: () => T | Promise<T>): Promise<T> => {
    const run = queue.then(fn)
    queue = run.catch(() => {})
    return run
  }
  const copy = (from: State): State => structuredClone(from)

  const subscriptionRow = (subscriptionId: string): SubscriptionRow => {
    let row = state.subscriptions.get(subscriptionId)
    if (!row) {
      row = { record: null, sourceRank: 0, sourceId: '', failures: [], lastPaidAt: 0, rowVersion: ++revision }
      state.subscriptions.set(subscriptionId, row)
    }
    return row
  }
  const link = (input: { customerId: string; accountId: string | null; email?: string | null }) => {
    const existing = state.customers.get(input.customerId)
    const accountTaken =
      input.accountId !== null &&
      [...state.customers.values()].some((c) => c.accountId === input.accountId && c.customerId !== input.customerId)
    if (!existing) {
      state.customers.set(input.customerId, {
        customerId: input.customerId,
        accountId: accountTaken ? null : input.accountId,
        email: input.email ?? null,
        deleted: false,
        syncedAt: null,
        syncRequestedAt: null,
        returnSyncDue: false,
        rowVersion: String(++revision),
      })
    } else {
      // As the SQL store: a customer keeps its first account, takes a newer email, and a link that
      // changes nothing leaves the row (and the status revision) as it was.
      const accountId = existing.deleted ? null : (existing.accountId ?? (accountTaken ? null : input.accountId))
      const email = input.email ?? existing.email
      if (accountId !== existing.accountId || email !== existing.email) {
        existing.accountId = accountId
        existing.email = email
        existing.rowVersion = String(++revision)
      }
    }
    return customerRecord(state.customers.get(input.customerId)!)
  }
  const customerRecord = ({ syncRequestedAt: _, returnSyncDue: __, ...customer }: StoredCustomer) => ({
    ...customer,
  })
  const releaseFor = (customer: StoredCustomer) => {
    customer.syncRequestedAt = null
    customer.returnSyncDue = true
  }
  const markSynced = (customerId: string, at: Date) => {
    const customer = state.customers.get(customerId)
    if (!customer || (customer.syncedAt && customer.syncedAt >= at)) return
    customer.syncedAt = new Date(at)
    customer.rowVersion = String(++revision)
  }
  const upsert = (versions: readonly SubscriptionVersion[]): UpsertCounts => {
    const counts = { created: 0, updated: 0, unchanged: 0 }
    for (const v of versions) {
      const row = subscriptionRow(v.subscription.id)
      const stored = row.record
      if (!stored) {
        counts.created++
      } else {
        const newer =
          v.sourceAt !== stored.sourceAt
            ? v.sourceAt > stored.sourceAt
            : v.sourceRank !== row.sourceRank
              ? v.sourceRank > row.sourceRank
              : v.sourceId > row.sourceId
        if (!newer) {
          counts.unchanged++
          continue
        }
        if (JSON.stringify(stored.subscription) === JSON.stringify(v.subscription)) counts.unchanged++
        else counts.updated++
      }
      const customer = v.subscription.customer
      row.record = {
        subscriptionId: v.subscription.id,
        customerId: typeof customer === 'string' ? customer : customer.id,
        status: v.subscription.status,
        subscription: structuredClone(v.subscription),
        sourceAt: v.sourceAt,
      }
      row.sourceRank = v.sourceRank
      row.sourceId = v.sourceId
      row.rowVersion = ++revision
    }
    return counts
  }
  const recordFailure = (input: { subscriptionId: string; at: number; actionRequired: boolean }) => {
    const row = subscriptionRow(input.subscriptionId)
    if (input.at <= row.lastPaidAt) return
    const known = row.failures.find((f) => f.at === input.at)
    if (known && (known.actionRequired || !input.actionRequired)) return
    if (known) known.actionRequired = true
    else row.failures.push({ at: input.at, actionRequired: input.actionRequired })
    row.rowVersion = ++revision
  }
  const recordPaid = (input: { subscriptionId: string; at: number }) => {
    const row = subscriptionRow(input.subscriptionId)
    if (input.at <= row.lastPaidAt) return
    row.lastPaidAt = input.at
    row.failures = row.failures.filter((f) => f.at > input.at)
    row.rowVersion = ++revision
  }
  const claim = (event: WebhookEventClaim) => {
    if (state.events.has(event.id)) return false
    state.events.set(event.id, Date.now())
    return true
  }
  const apply = (event: WebhookEventClaim, writes: WebhookEventWrites) => {
    if (!claim(event)) return false
    const { customer, subscriptions, payment, invoice } = writes
    if (customer?.deleted) writer.markCustomerDeleted(customer.customerId)
    else if (customer?.link) link({ customerId: customer.customerId, ...customer.link })
    if (customer?.syncedAt) markSynced(customer.customerId, customer.syncedAt)
    if (subscriptions) upsert(subscriptions)
    if (payment?.outcome === 'failed') recordFailure(payment)
    if (payment?.outcome === 'paid') recordPaid(payment)
    if (invoice) writer.upsertInvoice(invoice)
    return true
  }
  /** Runs `fn` alone, on a copy of the state that replaces it only if `fn` succeeds. */
  const atomically = <T>(fn: () => T | Promise<T>): Promise<T> =>
    exclusive(async () => {
      const before = copy(state)
      try {
        return await fn()
      } catch (error) {
        state = before
        throw error
      }
    })

  const writer = {
    claimWebhookEvent: async (event: WebhookEventClaim) => claim(event),
    applyWebhookEvent: async (event: WebhookEventClaim, writes: WebhookEventWrites) => apply(event, writes),
    linkCustomer: async (input: { customerId: string; accountId: string | null; email?: string | null }) => link(input),
    markCustomerDeleted: async (customerId: string) => {
      const customer = state.customers.get(customerId)
      if (!customer) return
      customer.deleted = true
      customer.accountId = null
      customer.rowVersion = String(++revision)
    },
    findCustomer: async (customerId: string) => {
      const customer = state.customers.get(customerId)
      return customer ? customerRecord(customer) : null
    },
    markCustomerSynced: async (customerId: string, at: Date) => markSynced(customerId, at),
    upsertSubscriptions: async (versions: readonly SubscriptionVersion[]) => upsert(versions),
    recordPaymentFailure: async (input: { subscriptionId: string; at: number; actionRequired: boolean }) =>
      recordFailure(input),
    recordPayment: async (input: { subscriptionId: string; at: number }) => recordPaid(input),
    upsertInvoice: async (version: InvoiceVersion) => {
      const stored = state.invoices.get(version.invoice.id)
      if (!stored || stored.sourceAt < version.sourceAt)
        state.invoices.set(version.invoice.id, structuredClone(version))
    },
  } satisfies BillingStoreWriter
  const findByAccount = (accountId: string) =>
    [...state.customers.values()].find((c) => c.accountId === accountId && !c.deleted)
  const list = (customerId: string): SubscriptionRecord[] =>
    [...state.subscriptions.values()]
      .filter((row) => row.record?.customerId === customerId)
      .sort((a, b) => (a.record!.subscriptionId < b.record!.subscriptionId ? -1 : 1))
      .map((row) => {
        const first = row.failures.reduce<{ at: number } | null>((min, f) => (!min || f.at < min.at ? f : min), null)
        return {
          ...row.record!,
          pastDueSince: first ? new Date(first.at * 1000) : null,
          paymentActionRequired: row.failures.some((f) => f.actionRequired),
          rowVersion: String(row.rowVersion),
        }
      })

  return {
    // Every write goes through atomically, so concurrent claims and transactions are serialised.
    claimWebhookEvent: (event) => atomically(() => claim(event)),
    applyWebhookEvent: (event, writes) => atomically(() => apply(event, writes)),
    linkCustomer: (input) => atomically(() => link(input)),
    markCustomerDeleted: (customerId) => atomically(() => writer.markCustomerDeleted(customerId)),
    findCustomer: (customerId) => writer.findCustomer(customerId),
    markCustomerSynced: (customerId, at) => atomically(() => markSynced(customerId, at)),
    upsertSubscriptions: (versions) => atomically(() => upsert(versions)),
    recordPaymentFailure: (input) => atomically(() => recordFailure(input)),
    recordPayment: (input) => atomically(() => recordPaid(input)),
    upsertInvoice: (version) => atomically(() => writer.upsertInvoice(version)),
    migrate: async () => {},
    transaction: (fn) => atomically(() => fn(writer)),
    findCustomerByAccount: async (accountId) => {
      const customer = findByAccount(accountId)
      return customer ? customerRecord(customer) : null
    },
    listSubscriptions: async (customerId) => list(customerId),
    linkCustomers: (customers) =>
      atomically(() =>
        customers
          .map((customer) => link(customer))
          .sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0)),
      ),
    markCustomersSynced: (customerIds, at) =>
      atomically(() => {
        for (const customerId of customerIds) markSynced(customerId, at)
      }),
    statusRevision: async (accountId) => {
      const customer = findByAccount(accountId)
      const found = customer ? customerRecord(customer) : null
      return statusRevisionOf(found, found ? list(found.customerId) : [])
    },
    isWebhookEventProcessed: async (eventId) => state.events.has(eventId),
    claimSyncSlot: (customerId, intervalSeconds, options) =>
      atomically(() => {
        const customer = state.customers.get(customerId)
        const now = Date.now()
        const last = customer?.syncRequestedAt ?? null
        const owed = options?.forReturn === true && customer?.returnSyncDue === true
        if (!owed && last !== null && now - last < intervalSeconds * 1000) {
          return { granted: false as const, retryAfterSeconds: Math.ceil((last + intervalSeconds * 1000 - now) / 1000) }
        }
        if (customer) {
          customer.syncRequestedAt = now
          if (options?.forReturn) customer.returnSyncDue = false
        }
        return { granted: true as const }
      }),
    releaseSyncSlot: (customerId) =>
      atomically(() => {
        const customer = state.customers.get(customerId)
        if (customer) releaseFor(customer)
      }),
    findCustomerAndReleaseSyncSlot: (accountId) =>
      atomically(() => {
        const customer = findByAccount(accountId)
        if (!customer) return null
        releaseFor(customer)
        return customerRecord(customer)
      }),
    pruneWebhookEvents: ({ processedBefore, limit }) =>
      atomically(() => {
        const old = [...state.events.entries()]
          .filter(([, processedAt]) => processedAt < processedBefore.getTime())
          .sort((a, b) => a[1] - b[1])
          .slice(0, limit)
        for (const [id] of old) state.events.delete(id)
        return old.length
      }),
    close: async () => {},
  }
}

runStoreConformance({ name: 'In-memory (third-party)', createStore: async () => inMemoryStore() })
