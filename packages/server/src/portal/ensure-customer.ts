import type Stripe from 'stripe'
import type { BillingContext } from '../billing-context.js'
import type { BillingAccount } from '../billing-options.js'
import { BillingError, withStore, withStripe } from '../errors.js'
import type { CustomerRecord } from '../stores/billing-store.js'

const inFlight = new WeakMap<BillingContext, Map<string, Promise<CustomerRecord>>>()

/**
 * The account's Stripe customer, created at most once: from the store, else found in Stripe by
 * `metadata.accountId`, else created with an idempotency key derived from the account. Concurrent
 * calls in one process share one lookup; across processes the idempotency key and the store's
 * one-customer-per-account rule keep it single.
 */
export function ensureCustomer(ctx: BillingContext, account: BillingAccount): Promise<CustomerRecord> {
  if (!account.id) throw new BillingError('invalid_request', 'The account has no id.')
  let pending = inFlight.get(ctx)
  if (!pending) {
    pending = new Map()
    inFlight.set(ctx, pending)
  }
  const running = pending.get(account.id)
  if (running) return running
  const promise = resolveCustomer(ctx, account).finally(() => pending.delete(account.id))
  pending.set(account.id, promise)
  return promise
}

/**
 * The account's customer for a visit to Stripe (portal or checkout), its sync slot freed so the sync on
 * the way back is granted at once. A stored customer takes one store call; a new one is created as
 * `ensureCustomer` does, then freed. Freeing before the Stripe call is harmless if that call fails: it
 * only lets the next sync through.
 */
export async function customerForVisit(ctx: BillingContext, account: BillingAccount): Promise<CustomerRecord> {
  if (!account.id) throw new BillingError('invalid_request', 'The account has no id.')
  await ctx.ready()
  const stored = await withStore(() => ctx.store.findCustomerAndReleaseSyncSlot(account.id))
  if (stored) return stored
  const customer = await ensureCustomer(ctx, account)
  await withStore(() => ctx.store.releaseSyncSlot(customer.customerId))
  return customer
}

async function resolveCustomer(ctx: BillingContext, account: BillingAccount): Promise<CustomerRecord> {
  await ctx.ready()
  const stored = await withStore(() => ctx.store.findCustomerByAccount(account.id))
  if (stored) return stored

  let customer = await withStripe(
    async () => (await findInStripe(ctx.stripe, account.id)) ?? (await createInStripe(ctx.stripe, account)),
  )
  let linked = await withStore(() =>
    ctx.store.linkCustomer({ customerId: customer.id, accountId: account.id, email: customer.email }),
  )
  if (linked.deleted) {
    // Stripe replays an idempotent create for 24 hours, even of a customer deleted since; create a successor.
    const replaced = customer.id
    customer = await withStripe(() => createInStripe(ctx.stripe, account, replaced))
    linked = await withStore(() =>
      ctx.store.linkCustomer({ customerId: customer.id, accountId: account.id, email: customer.email }),
    )
  }
  if (linked.accountId === account.id) return linked
  // Another instance linked a different customer to this account first: that one wins.
  const winner = await withStore(() => ctx.store.findCustomerByAccount(account.id))
  if (!winner) throw new BillingError('store_unavailable', 'Could not record the billing account. Try again.')
  return winner
}

async function findInStripe(stripe: Stripe, accountId: string): Promise<Stripe.Customer | null> {
  const escaped = accountId.replace(/\\/g, '\\\\').replace(/'/g, "\\'")
  const result = await stripe.customers.search({ query: `metadata['accountId']:'${escaped}'`, limit: 10 })
  const matches = result.data.filter((c) => c.metadata?.accountId === accountId)
  return matches.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id))[0] ?? null
}

/**
 * The idempotency key of an account's customer: a hash of its id, because a header carries only
 * Latin-1 without NUL or newlines, and an account id can be any string.
 */
async function customerIdempotencyKey(accountId: string, replacing?: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accountId))
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
  return `portal-kit:customer:${hex}${replacing ? `:after:${replacing}` : ''}`
}

async function createInStripe(stripe: Stripe, account: BillingAccount, replacing?: string): Promise<Stripe.Customer> {
  return stripe.customers.create(
    {
      email: account.email ?? undefined,
      name: account.name ?? undefined,
      metadata: { accountId: account.id },
    },
    { idempotencyKey: await customerIdempotencyKey(account.id, replacing) },
  )
}
