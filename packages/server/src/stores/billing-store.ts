import type Stripe from 'stripe'

export interface CustomerRecord {
  customerId: string
  accountId: string | null
  email: string | null
  deleted: boolean
  syncedAt: Date | null
  /** Changes whenever the stored row changes (Postgres' xmin); part of `statusRevision`. */
  rowVersion?: string
}

export interface SubscriptionRecord {
  subscriptionId: string
  customerId: string
  status: Stripe.Subscription.Status
  subscription: Stripe.Subscription
  /** Earliest payment failure (or move to past_due) not followed by a payment, from event times. */
  pastDueSince: Date | null
  paymentActionRequired: boolean
  /** When the stored version was current (ms), as `SubscriptionVersion.sourceAt`; 0 without one. */
  sourceAt: number
  /** Changes whenever the stored row changes (Postgres' xmin); part of `statusRevision`. */
  rowVersion?: string
}

/**
 * A version of a subscription to store. `sourceAt` (ms) orders versions: the event's `created`
 * in payload mode, the time the fetch started in fetch mode; a version never overwrites a newer one.
 * Same-time versions are ordered by `sourceRank`, then `sourceId`, so any delivery order converges.
 */
export interface SubscriptionVersion {
  subscription: Stripe.Subscription
  sourceAt: number
  sourceRank: number
  sourceId: string
}

export interface UpsertCounts {
  created: number
  updated: number
  unchanged: number
}

export interface InvoiceVersion {
  invoice: Stripe.Invoice
  sourceAt: number
}

export interface WebhookEventClaim {
  id: string
  type: string
  created: number
  customerId: string | null
  /**
   * A subscription (of `customerId`) the event carries a version of: the event is claimed only
   * when that subscription is not stored with a version from the event's own second that the
   * lifecycle cannot order against the event's version (`sameSecondOrder` gives 'tie'), a tie the
   * caller settles with Stripe before applying the event again without this guard.
   */
  unlessStoredInSameSecond?: string
}

/** A payment outcome of one subscription, at `at` (unix seconds, the event's time). */
export type PaymentRecord =
  | { subscriptionId: string; customerId: string; at: number; outcome: 'paid' }
  | { subscriptionId: string; customerId: string; at: number; outcome: 'failed'; actionRequired: boolean }

/** What one customer learns from an event: a link to its account, its deletion, or a fresh sync. */
export interface CustomerWrite {
  customerId: string
  /** Link as `linkCustomer` does (first account and first customer win). */
  link?: { accountId: string | null; email: string | null }
  /** As `markCustomerDeleted`; a link given with it is ignored. */
  deleted?: boolean
  /** As `markCustomerSynced`. */
  syncedAt?: Date
}

/** Everything one webhook event changes, written with its claim in one statement. */
export interface WebhookEventWrites {
  customer?: CustomerWrite
  subscriptions?: readonly SubscriptionVersion[]
  payment?: PaymentRecord
  invoice?: InvoiceVersion
}

export type SyncSlot = { granted: true } | { granted: false; retryAfterSeconds: number }

/** How a sync slot is claimed: `forReturn` for the sync on the way back from the portal or Checkout. */
export interface SyncSlotClaim {
  forReturn?: boolean
}

/** Writes that can run inside one transaction with an event claim. */
export interface BillingStoreWriter {
  /** Records the event id; false when it was already recorded (a duplicate or redelivery). */
  claimWebhookEvent(event: WebhookEventClaim): Promise<boolean>
  /**
   * Claims the event id and applies its writes in one statement (one round trip, atomic on its own
   * or inside a transaction). False, with nothing written, when the id was already claimed or
   * `unlessStoredInSameSecond` found a same-second tie; a concurrent duplicate waits for the first
   * claim to commit or roll back.
   */
  applyWebhookEvent(event: WebhookEventClaim, writes: WebhookEventWrites): Promise<boolean>
  /**
   * Optional: `applyWebhookEvent` that also answers the account of the event's customer, in the same
   * statement: for an event that deletes the customer, the account it was linked to before; for any
   * other, the account it is linked to once the event has applied. `accountId` is null for a duplicate,
   * an event without a customer, and a customer without an account. An `onEvent` hook gets its account
   * from here; a store without it costs the hook one `findCustomer` more per event.
   */
  applyWebhookEventWithAccount?(
    event: WebhookEventClaim,
    writes: WebhookEventWrites,
  ): Promise<{ claimed: boolean; accountId: string | null }>
  /**
   * Stores a customer and, when given, the account it belongs to. An account keeps the first
   * customer linked to it; a customer keeps its first account.
   */
  linkCustomer(customer: {
    customerId: string
    accountId: string | null
    email?: string | null
  }): Promise<CustomerRecord>
  markCustomerDeleted(customerId: string): Promise<void>
  findCustomer(customerId: string): Promise<CustomerRecord | null>
  markCustomerSynced(customerId: string, at: Date): Promise<void>
  upsertSubscriptions(versions: readonly SubscriptionVersion[]): Promise<UpsertCounts>
  /** A failed payment (or move to past_due) at `at` (unix seconds, the event's time). */
  recordPaymentFailure(input: {
    subscriptionId: string
    customerId: string
    at: number
    actionRequired: boolean
  }): Promise<void>
  /** A paid invoice at `at` (unix seconds) clears failures up to then. */
  recordPayment(input: { subscriptionId: string; customerId: string; at: number }): Promise<void>
  upsertInvoice(version: InvoiceVersion): Promise<void>
}

/** The billing state of every account, on PGlite or Postgres through one SQL implementation. */
export interface BillingStore extends BillingStoreWriter {
  /** Creates or upgrades the tables; safe to run twice and from two processes at once. */
  migrate(): Promise<void>
  transaction<T>(fn: (tx: BillingStoreWriter) => Promise<T>): Promise<T>
  findCustomerByAccount(accountId: string): Promise<CustomerRecord | null>
  listSubscriptions(customerId: string): Promise<SubscriptionRecord[]>
  /**
   * `linkCustomer` for many customers in one statement (reconcile's page of subscriptions); returns
   * each customer as stored, in `customerId` order. The ids must be distinct.
   */
  linkCustomers(
    customers: readonly { customerId: string; accountId: string | null; email?: string | null }[],
  ): Promise<CustomerRecord[]>
  /** `markCustomerSynced` for many customers in one statement; unknown ids are skipped. */
  markCustomersSynced(customerIds: readonly string[], at: Date): Promise<void>
  /**
   * A token that changes whenever anything the account's status is built from changes: its customer
   * row and its subscription rows, as `statusRevisionOf` reads them from `findCustomerByAccount` and
   * `listSubscriptions`. One indexed read, so a conditional status request is answered without them.
   * A write that changes nothing (a repeated link, an older version, a payment already recorded) must
   * keep it, or every browser holding the status refetches it for nothing.
   */
  statusRevision(accountId: string): Promise<string>
  isWebhookEventProcessed(eventId: string): Promise<boolean>
  /**
   * Grants one manual sync per `intervalSeconds` per customer, across every server instance. With
   * `forReturn` (the sync on the way back from the portal or Checkout) it is also granted, once, when a
   * visit owes one (`releaseSyncSlot`), even if another sync took the slot since; that grant pays the debt.
   */
  claimSyncSlot(customerId: string, intervalSeconds: number, options?: SyncSlotClaim): Promise<SyncSlot>
  /**
   * Frees the customer's sync slot, so the next `claimSyncSlot` is granted at once, and owes the customer
   * one `forReturn` claim: the customer was sent to the portal or checkout, and the sync on the way back
   * must not be refused, even when another sync (another tab's) takes the slot during the visit, as that
   * one may come before what the customer did there.
   */
  releaseSyncSlot(customerId: string): Promise<void>
  /**
   * `findCustomerByAccount` and `releaseSyncSlot` of the customer found, as one call (one round trip
   * for the SQL store): the portal and checkout routes send a stored customer to Stripe with nothing
   * else from the store. Writes only when a slot is held or no return sync is owed yet; answers the row
   * as it stands after.
   */
  findCustomerAndReleaseSyncSlot(accountId: string): Promise<CustomerRecord | null>
  /**
   * Deletes up to `limit` webhook claims processed before `processedBefore`, oldest first, in one
   * short statement that skips rows other transactions hold; returns how many it deleted.
   */
  pruneWebhookEvents(input: { processedBefore: Date; limit: number }): Promise<number>
  close(): Promise<void>
}

/**
 * The `statusRevision` of what was read: the customer row's version and each subscription row's
 * (in `listSubscriptions` order), so a token read later matches only if none of them changed.
 */
export function statusRevisionOf(
  customer: CustomerRecord | null,
  subscriptions: readonly SubscriptionRecord[],
): string {
  if (!customer) return 'none'
  const rows = subscriptions.map((s) => `${s.subscriptionId}@${s.rowVersion ?? ''}`).join(',')
  return `${customer.customerId}@${customer.rowVersion ?? ''};${rows}`
}
