import type Stripe from 'stripe'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BillingStore, SubscriptionVersion } from '../stores/billing-store.js'
import { statusRevisionOf } from '../stores/billing-store.js'

export interface StoreConformanceOptions {
  /** Names the suite: `<name> store`. */
  name: string
  /**
   * A store on an empty database, called before every case (the case closes it after). The suite
   * calls `migrate()` itself. A store over a shared database empties it here.
   */
  createStore: () => Promise<BillingStore>
  /** Runs once after the last case (drop a database, end a pool). */
  cleanup?: () => Promise<void>
}

/** The smallest subscription the store keeps and gives back: what the kit reads from a Stripe one. */
function subscription(id: string, customer: string, status: Stripe.Subscription.Status): Stripe.Subscription {
  return {
    id,
    object: 'subscription',
    customer,
    status,
    cancel_at_period_end: false,
    cancel_at: null,
    trial_end: null,
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
      data: [
        {
          id: `si_${id}`,
          object: 'subscription_item',
          quantity: 1,
          current_period_end: 1_767_225_600,
          price: { id: 'price_pro', object: 'price', product: 'prod_pro', unit_amount: 2900, currency: 'usd' },
        },
      ],
    },
  } as unknown as Stripe.Subscription
}

function version(sub: Stripe.Subscription, sourceAt: number, sourceRank = 0, sourceId = 'evt'): SubscriptionVersion {
  return { subscription: sub, sourceAt, sourceRank, sourceId }
}

/**
 * The `BillingStore` contract, checked through the store's own methods only, so any store (the
 * built-in SQL one, or yours over another database) proves it keeps webhooks exactly-once, ordering,
 * customer links, payment failures and sync slots as the handlers rely on. Call it at the top level
 * of a vitest test file.
 */
export function runStoreConformance(options: StoreConformanceOptions): void {
  let store: BillingStore

  describe(`${options.name} store`, () => {
    beforeEach(async () => {
      store = await options.createStore()
      await store.migrate()
    })
    afterEach(async () => {
      await store.close()
    })
    afterAll(async () => {
      await options.cleanup?.()
    })

    describe('migrations', () => {
      it('can run again on a migrated database', async () => {
        await store.migrate()
        expect(await store.findCustomer('cus_1')).toBeNull()
      })
    })

    describe('webhook event claims', () => {
      const event = { id: 'evt_1', type: 'customer.subscription.updated', created: 1_700_000_000, customerId: 'cus_1' }

      it('claims an event id once and refuses it after', async () => {
        expect(await store.isWebhookEventProcessed('evt_1')).toBe(false)
        expect(await store.claimWebhookEvent(event)).toBe(true)
        expect(await store.claimWebhookEvent(event)).toBe(false)
        expect(await store.isWebhookEventProcessed('evt_1')).toBe(true)
      })

      it('grants exactly one of twenty concurrent claims', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, () => store.transaction((tx) => tx.claimWebhookEvent(event))),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
      })

      it('leaves the event unclaimed, and nothing written, when the transaction fails', async () => {
        await expect(
          store.transaction(async (tx) => {
            await tx.claimWebhookEvent(event)
            await tx.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
            throw new Error('apply failed')
          }),
        ).rejects.toThrow('apply failed')
        expect(await store.isWebhookEventProcessed('evt_1')).toBe(false)
        expect(await store.findCustomer('cus_1')).toBeNull()
        expect(await store.claimWebhookEvent(event)).toBe(true)
      })

      it('deletes claims processed before the cutoff, at most `limit` per call', async () => {
        for (let i = 0; i < 5; i++) {
          await store.claimWebhookEvent({ id: `evt_${i}`, type: 'invoice.paid', created: 1, customerId: null })
        }
        expect(await store.pruneWebhookEvents({ processedBefore: new Date(Date.now() - 60_000), limit: 10 })).toBe(0)
        const processedBefore = new Date(Date.now() + 60_000)
        expect(await store.pruneWebhookEvents({ processedBefore, limit: 2 })).toBe(2)
        expect(await store.pruneWebhookEvents({ processedBefore, limit: 2 })).toBe(2)
        expect(await store.pruneWebhookEvents({ processedBefore, limit: 2 })).toBe(1)
        expect(await store.pruneWebhookEvents({ processedBefore, limit: 2 })).toBe(0)
        expect(await store.isWebhookEventProcessed('evt_0')).toBe(false)
        // A pruned id can be claimed again (a very late manual resend).
        expect(await store.claimWebhookEvent({ id: 'evt_0', type: 'invoice.paid', created: 1, customerId: null })).toBe(
          true,
        )
      })
    })

    describe('webhook events claimed and applied together', () => {
      it('applies every write of a claimed event and nothing of a redelivery', async () => {
        const claim = { id: 'evt_1', type: 'customer.subscription.updated', created: 1000, customerId: 'cus_1' }
        const applied = await store.applyWebhookEvent(claim, {
          customer: { customerId: 'cus_1', link: { accountId: 'acct_1', email: 'a@example.com' } },
          subscriptions: [version(subscription('sub_1', 'cus_1', 'past_due'), 1000 * 1000, 33, 'evt_1')],
          payment: { subscriptionId: 'sub_1', customerId: 'cus_1', at: 1000, outcome: 'failed', actionRequired: false },
        })
        expect(applied).toBe(true)
        const redelivered = await store.applyWebhookEvent(claim, {
          subscriptions: [version(subscription('sub_1', 'cus_1', 'canceled'), 2000 * 1000, 99, 'evt_1')],
          payment: { subscriptionId: 'sub_1', customerId: 'cus_1', at: 2000, outcome: 'paid' },
        })
        expect(redelivered).toBe(false)
        expect(await store.findCustomerByAccount('acct_1')).toMatchObject({
          customerId: 'cus_1',
          email: 'a@example.com',
        })
        const [sub] = await store.listSubscriptions('cus_1')
        expect(sub?.status).toBe('past_due')
        expect(sub?.pastDueSince?.getTime()).toBe(1000 * 1000)
      })

      it('leaves the event unclaimed, and nothing written, when the transaction it is applied in fails', async () => {
        const claim = { id: 'evt_1', type: 'customer.created', created: 1000, customerId: 'cus_1' }
        await expect(
          store.transaction(async (tx) => {
            await tx.applyWebhookEvent(claim, {
              customer: { customerId: 'cus_1', link: { accountId: 'acct_1', email: null } },
            })
            throw new Error('onEvent failed')
          }),
        ).rejects.toThrow('onEvent failed')
        expect(await store.isWebhookEventProcessed('evt_1')).toBe(false)
        expect(await store.findCustomer('cus_1')).toBeNull()
      })

      it('records a sync time for a stored customer only, and frees the account of a deleted one', async () => {
        const at = new Date('2026-11-21T10:00:00Z')
        await store.applyWebhookEvent(
          { id: 'evt_1', type: 'invoice.paid', created: 1000, customerId: 'cus_unknown' },
          { customer: { customerId: 'cus_unknown', syncedAt: at } },
        )
        expect(await store.findCustomer('cus_unknown')).toBeNull()
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        await store.applyWebhookEvent(
          { id: 'evt_2', type: 'invoice.paid', created: 1000, customerId: 'cus_1' },
          { customer: { customerId: 'cus_1', syncedAt: at } },
        )
        expect((await store.findCustomer('cus_1'))?.syncedAt?.toISOString()).toBe(at.toISOString())
        await store.applyWebhookEvent(
          { id: 'evt_3', type: 'customer.deleted', created: 1001, customerId: 'cus_1' },
          { customer: { customerId: 'cus_1', deleted: true } },
        )
        expect(await store.findCustomerByAccount('acct_1')).toBeNull()
        expect(await store.findCustomer('cus_1')).toMatchObject({ deleted: true, accountId: null })
      })
    })

    // Optional in the contract: a store without `applyWebhookEventWithAccount` skips these.
    describe('the account of an applied event', () => {
      const withAccount = (skip: () => void) => {
        const apply = store.applyWebhookEventWithAccount?.bind(store)
        if (!apply) return skip() as never
        return apply
      }

      it('names the account a customer.created links, and nothing for its redelivery', async ({ skip }) => {
        const apply = withAccount(skip)
        const claim = { id: 'evt_1', type: 'customer.created', created: 1000, customerId: 'cus_1' }
        const writes = { customer: { customerId: 'cus_1', link: { accountId: 'acct_1', email: null } } }
        expect(await apply(claim, writes)).toEqual({ claimed: true, accountId: 'acct_1' })
        expect(await apply(claim, writes)).toEqual({ claimed: false, accountId: null })
        expect(await store.findCustomerByAccount('acct_1')).toMatchObject({ customerId: 'cus_1' })
      })

      it('names the linked account for an event that does not write the customer', async ({ skip }) => {
        const apply = withAccount(skip)
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        const answer = await apply(
          { id: 'evt_1', type: 'customer.subscription.updated', created: 1000, customerId: 'cus_1' },
          { subscriptions: [version(subscription('sub_1', 'cus_1', 'active'), 1000 * 1000, 0, 'evt_1')] },
        )
        expect(answer).toEqual({ claimed: true, accountId: 'acct_1' })
        expect(await store.listSubscriptions('cus_1')).toHaveLength(1)
      })

      it('names the account a customer.deleted frees, and frees it', async ({ skip }) => {
        const apply = withAccount(skip)
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        const answer = await apply(
          { id: 'evt_1', type: 'customer.deleted', created: 1000, customerId: 'cus_1' },
          { customer: { customerId: 'cus_1', deleted: true } },
        )
        expect(answer).toEqual({ claimed: true, accountId: 'acct_1' })
        expect(await store.findCustomerByAccount('acct_1')).toBeNull()
      })

      it('names no account for an unknown customer, one without an account, or one whose account is taken', async ({
        skip,
      }) => {
        const apply = withAccount(skip)
        const invoicePaid = (id: string, customerId: string | null) => ({
          id,
          type: 'invoice.paid',
          created: 1000,
          customerId,
        })
        expect(await apply(invoicePaid('evt_1', 'cus_unknown'), {})).toEqual({ claimed: true, accountId: null })
        expect(await apply(invoicePaid('evt_2', null), {})).toEqual({ claimed: true, accountId: null })
        await store.linkCustomer({ customerId: 'cus_1', accountId: null })
        expect(await apply(invoicePaid('evt_3', 'cus_1'), {})).toEqual({ claimed: true, accountId: null })
        await store.linkCustomer({ customerId: 'cus_2', accountId: 'acct_2' })
        const secondCustomer = await apply(
          { id: 'evt_4', type: 'customer.created', created: 1000, customerId: 'cus_3' },
          { customer: { customerId: 'cus_3', link: { accountId: 'acct_2', email: null } } },
        )
        expect(secondCustomer).toEqual({ claimed: true, accountId: null })
      })

      it('names the account inside a transaction and writes nothing when it rolls back', async ({ skip }) => {
        withAccount(skip)
        const claim = { id: 'evt_1', type: 'customer.created', created: 1000, customerId: 'cus_1' }
        const seen: unknown[] = []
        await expect(
          store.transaction(async (tx) => {
            seen.push(
              await tx.applyWebhookEventWithAccount?.(claim, {
                customer: { customerId: 'cus_1', link: { accountId: 'acct_1', email: null } },
              }),
            )
            throw new Error('onEvent failed')
          }),
        ).rejects.toThrow('onEvent failed')
        expect(seen).toEqual([{ claimed: true, accountId: 'acct_1' }])
        expect(await store.isWebhookEventProcessed('evt_1')).toBe(false)
        expect(await store.findCustomer('cus_1')).toBeNull()
      })
    })

    describe('customers', () => {
      it('links a customer to an account and finds it both ways', async () => {
        const linked = await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1', email: 'a@example.com' })
        expect(linked).toMatchObject({
          customerId: 'cus_1',
          accountId: 'acct_1',
          email: 'a@example.com',
          deleted: false,
        })
        expect((await store.findCustomerByAccount('acct_1'))?.customerId).toBe('cus_1')
        expect((await store.findCustomer('cus_1'))?.accountId).toBe('acct_1')
      })

      it('stores a customer without an account and links it when the account arrives', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: null })
        expect(await store.findCustomerByAccount('acct_1')).toBeNull()
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        expect((await store.findCustomerByAccount('acct_1'))?.customerId).toBe('cus_1')
      })

      it('keeps the first customer of an account and the first account of a customer', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        expect((await store.linkCustomer({ customerId: 'cus_2', accountId: 'acct_1' })).accountId).toBeNull()
        expect((await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_9' })).accountId).toBe('acct_1')
        expect((await store.findCustomerByAccount('acct_1'))?.customerId).toBe('cus_1')
        expect(await store.findCustomerByAccount('acct_9')).toBeNull()
        expect((await store.findCustomer('cus_2'))?.accountId).toBeNull()
      })

      it('frees the account of a deleted customer and never links it again', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        await store.markCustomerDeleted('cus_1')
        expect(await store.findCustomerByAccount('acct_1')).toBeNull()
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        expect(await store.findCustomerByAccount('acct_1')).toBeNull()
        await store.linkCustomer({ customerId: 'cus_2', accountId: 'acct_1' })
        expect((await store.findCustomerByAccount('acct_1'))?.customerId).toBe('cus_2')
      })

      it('records the newest sync time only', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        await store.markCustomerSynced('cus_1', new Date('2026-11-21T10:00:00Z'))
        await store.markCustomerSynced('cus_1', new Date('2026-11-21T09:00:00Z'))
        expect((await store.findCustomer('cus_1'))?.syncedAt?.toISOString()).toBe('2026-11-21T10:00:00.000Z')
      })

      it('links many customers in one call, with the same first-wins rules as one at a time', async () => {
        await store.linkCustomer({ customerId: 'cus_0', accountId: 'acct_2' })
        const linked = await store.linkCustomers([
          { customerId: 'cus_3', accountId: null, email: 'c@example.com' },
          { customerId: 'cus_1', accountId: 'acct_1', email: 'a@example.com' },
          { customerId: 'cus_2', accountId: 'acct_2' },
        ])
        expect(linked.map((c) => [c.customerId, c.accountId, c.email])).toEqual([
          ['cus_1', 'acct_1', 'a@example.com'],
          ['cus_2', null, null],
          ['cus_3', null, 'c@example.com'],
        ])
        expect((await store.findCustomerByAccount('acct_2'))?.customerId).toBe('cus_0')
      })

      it('marks many stored customers synced in one call, newest time only, and skips unknown ones', async () => {
        await store.linkCustomers([
          { customerId: 'cus_1', accountId: 'acct_1' },
          { customerId: 'cus_2', accountId: null },
        ])
        await store.markCustomersSynced(['cus_1', 'cus_2', 'cus_unknown'], new Date('2026-11-21T10:00:00Z'))
        await store.markCustomersSynced(['cus_1'], new Date('2026-11-21T09:00:00Z'))
        expect((await store.findCustomer('cus_1'))?.syncedAt?.toISOString()).toBe('2026-11-21T10:00:00.000Z')
        expect((await store.findCustomer('cus_2'))?.syncedAt?.toISOString()).toBe('2026-11-21T10:00:00.000Z')
        expect(await store.findCustomer('cus_unknown')).toBeNull()
      })

      it('gives a status revision equal to what the status reads, changing with any of their rows', async () => {
        expect(await store.statusRevision('acct_1')).toBe('none')
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'active'), 1, 0, 'a')])
        const read = async () => {
          const customer = await store.findCustomerByAccount('acct_1')
          return statusRevisionOf(customer, customer ? await store.listSubscriptions(customer.customerId) : [])
        }
        const first = await store.statusRevision('acct_1')
        expect(first).toBe(await read())
        expect(await store.statusRevision('acct_1')).toBe(first)
        await store.recordPaymentFailure({ subscriptionId: 'sub_1', customerId: 'cus_1', at: 5, actionRequired: false })
        const second = await store.statusRevision('acct_1')
        expect(second).not.toBe(first)
        expect(second).toBe(await read())
        await store.markCustomerSynced('cus_1', new Date())
        expect(await store.statusRevision('acct_1')).not.toBe(second)
      })

      it('keeps the status revision through writes that change nothing, so a browser’s cached status stays fresh', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1', email: 'one@example.com' })
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'active'), 5000, 0, 'a')])
        await store.recordPayment({ subscriptionId: 'sub_1', customerId: 'cus_1', at: 10 })
        await store.recordPaymentFailure({ subscriptionId: 'sub_1', customerId: 'cus_1', at: 20, actionRequired: true })
        await store.markCustomerSynced('cus_1', new Date('2026-11-21T10:00:00Z'))
        const before = await store.statusRevision('acct_1')

        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_other', email: 'one@example.com' })
        await store.linkCustomers([{ customerId: 'cus_1', accountId: 'acct_1', email: 'one@example.com' }])
        await store.markCustomerSynced('cus_1', new Date('2026-11-21T09:00:00Z'))
        await store.markCustomersSynced(['cus_1'], new Date('2026-11-21T10:00:00Z'))
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'past_due'), 4000, 0, 'a')])
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'active'), 5000, 0, 'a')])
        await store.recordPayment({ subscriptionId: 'sub_1', customerId: 'cus_1', at: 10 })
        await store.recordPayment({ subscriptionId: 'sub_1', customerId: 'cus_1', at: 5 })
        await store.recordPaymentFailure({ subscriptionId: 'sub_1', customerId: 'cus_1', at: 20, actionRequired: true })
        await store.recordPaymentFailure({
          subscriptionId: 'sub_1',
          customerId: 'cus_1',
          at: 20,
          actionRequired: false,
        })
        await store.recordPaymentFailure({ subscriptionId: 'sub_1', customerId: 'cus_1', at: 8, actionRequired: false })
        // A claimed event whose every write repeats what is stored: invoice.payment_succeeded after invoice.paid.
        const claimed = await store.applyWebhookEvent(
          { id: 'evt_repeat', type: 'invoice.payment_succeeded', created: 10, customerId: 'cus_1' },
          {
            customer: { customerId: 'cus_1', link: { accountId: 'acct_1', email: null } },
            payment: { subscriptionId: 'sub_1', customerId: 'cus_1', at: 10, outcome: 'paid' },
          },
        )
        expect(claimed).toBe(true)
        expect(await store.statusRevision('acct_1')).toBe(before)
        expect((await store.listSubscriptions('cus_1'))[0]).toMatchObject({
          status: 'active',
          paymentActionRequired: true,
        })

        await store.recordPayment({ subscriptionId: 'sub_1', customerId: 'cus_1', at: 30 })
        const paid = await store.statusRevision('acct_1')
        expect(paid).not.toBe(before)
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1', email: 'new@example.com' })
        expect(await store.statusRevision('acct_1')).not.toBe(paid)
      })
    })

    describe('subscriptions', () => {
      const statusOf = async () => (await store.listSubscriptions('cus_1'))[0]?.status

      it('stores a subscription, reports it created and gives it back whole', async () => {
        expect(await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'active'), 1000)])).toEqual({
          created: 1,
          updated: 0,
          unchanged: 0,
        })
        const [listed] = await store.listSubscriptions('cus_1')
        expect(listed).toMatchObject({ subscriptionId: 'sub_1', customerId: 'cus_1', status: 'active', sourceAt: 1000 })
        expect(listed?.subscription.items.data[0]?.current_period_end).toBe(1_767_225_600)
      })

      it('lets a newer version win and ignores an older one, in either order', async () => {
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'past_due'), 2000)])
        expect(await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'active'), 1000)])).toEqual({
          created: 0,
          updated: 0,
          unchanged: 1,
        })
        expect(await statusOf()).toBe('past_due')
        expect(await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'canceled'), 3000)])).toEqual({
          created: 0,
          updated: 1,
          unchanged: 0,
        })
        expect(await statusOf()).toBe('canceled')
      })

      it('breaks a same-time tie by rank, then by source id', async () => {
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'canceled'), 1000, 9)])
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'active'), 1000, 3)])
        expect(await statusOf()).toBe('canceled')
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'past_due'), 1000, 9, 'evt_z')])
        expect(await statusOf()).toBe('past_due')
      })

      it('counts an identical newer version as unchanged, and keeps its time', async () => {
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'active'), 1000)])
        expect(await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'active'), 2000)])).toEqual({
          created: 0,
          updated: 0,
          unchanged: 1,
        })
        expect((await store.listSubscriptions('cus_1'))[0]?.sourceAt).toBe(2000)
      })

      it('writes many subscriptions in one call', async () => {
        const many = Array.from({ length: 50 }, (_, i) =>
          version(subscription(`sub_${i}`, `cus_${i % 5}`, 'active'), 1000, 0, 'fetch'),
        )
        expect(await store.upsertSubscriptions(many)).toEqual({ created: 50, updated: 0, unchanged: 0 })
        expect(await store.listSubscriptions('cus_3')).toHaveLength(10)
      })
    })

    describe('failed payments and grace', () => {
      const ids = { subscriptionId: 'sub_1', customerId: 'cus_1' }

      it('keeps the earliest failure since the last payment as pastDueSince, before the subscription itself arrives', async () => {
        await store.recordPaymentFailure({ ...ids, at: 2000, actionRequired: false })
        await store.recordPaymentFailure({ ...ids, at: 1000, actionRequired: false })
        expect(await store.listSubscriptions('cus_1')).toEqual([])
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'past_due'), 5, 0, 'x')])
        const [sub] = await store.listSubscriptions('cus_1')
        expect(sub?.pastDueSince?.getTime()).toBe(1000 * 1000)
        expect(sub?.paymentActionRequired).toBe(false)
      })

      it('clears failures up to a payment and ignores failures older than it, in any order', async () => {
        const orders = [
          ['fail10', 'fail30', 'paid20'],
          ['paid20', 'fail30', 'fail10'],
          ['fail30', 'paid20', 'fail10'],
        ]
        for (const [n, order] of orders.entries()) {
          const customerId = `cus_order_${n}`
          const subscriptionId = `sub_order_${n}`
          await store.upsertSubscriptions([version(subscription(subscriptionId, customerId, 'past_due'), 5, 0, 'x')])
          for (const step of order) {
            const at = Number(step.replace(/\D/g, ''))
            if (step.startsWith('fail'))
              await store.recordPaymentFailure({ subscriptionId, customerId, at, actionRequired: false })
            else await store.recordPayment({ subscriptionId, customerId, at })
          }
          const [sub] = await store.listSubscriptions(customerId)
          expect({ order, pastDueSince: sub?.pastDueSince?.getTime() }).toEqual({ order, pastDueSince: 30 * 1000 })
        }
      })

      it('flags a payment that needs action until a later payment', async () => {
        await store.upsertSubscriptions([version(subscription('sub_1', 'cus_1', 'past_due'), 5, 0, 'x')])
        await store.recordPaymentFailure({ ...ids, at: 100, actionRequired: true })
        expect((await store.listSubscriptions('cus_1'))[0]?.paymentActionRequired).toBe(true)
        await store.recordPayment({ ...ids, at: 200 })
        const [after] = await store.listSubscriptions('cus_1')
        expect(after?.paymentActionRequired).toBe(false)
        expect(after?.pastDueSince).toBeNull()
      })
    })

    describe('manual sync rate limit', () => {
      it('grants one sync per interval per customer and says when to retry', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        await store.linkCustomer({ customerId: 'cus_2', accountId: 'acct_2' })
        expect(await store.claimSyncSlot('cus_1', 10)).toEqual({ granted: true })
        const denied = await store.claimSyncSlot('cus_1', 10)
        expect(denied.granted).toBe(false)
        expect(denied.granted === false && denied.retryAfterSeconds).toBeGreaterThanOrEqual(9)
        expect(await store.claimSyncSlot('cus_2', 10)).toEqual({ granted: true })
      })

      it('grants the next sync at once after the slot is released (a visit to the portal or checkout)', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        await store.linkCustomer({ customerId: 'cus_2', accountId: 'acct_2' })
        expect(await store.claimSyncSlot('cus_1', 10)).toEqual({ granted: true })
        expect(await store.claimSyncSlot('cus_2', 10)).toEqual({ granted: true })
        await store.releaseSyncSlot('cus_1')
        expect(await store.claimSyncSlot('cus_1', 10)).toEqual({ granted: true })
        expect((await store.claimSyncSlot('cus_2', 10)).granted).toBe(false)
      })

      it('owes a visit one sync on its return, even after another sync took the slot meanwhile', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1' })
        await store.linkCustomer({ customerId: 'cus_2', accountId: 'acct_2' })
        // Without a visit, a return claim is rate-limited like any other.
        expect(await store.claimSyncSlot('cus_2', 10, { forReturn: true })).toEqual({ granted: true })
        expect((await store.claimSyncSlot('cus_2', 10, { forReturn: true })).granted).toBe(false)

        expect(await store.claimSyncSlot('cus_1', 10)).toEqual({ granted: true })
        await store.releaseSyncSlot('cus_1')
        // Another tab syncs during the visit: it takes the slot, and does not pay what the visit owes.
        expect(await store.claimSyncSlot('cus_1', 10)).toEqual({ granted: true })
        expect((await store.claimSyncSlot('cus_1', 10)).granted).toBe(false)
        expect(await store.claimSyncSlot('cus_1', 10, { forReturn: true })).toEqual({ granted: true })
        // Paid: a reload of the return page within the interval is refused.
        expect((await store.claimSyncSlot('cus_1', 10, { forReturn: true })).granted).toBe(false)

        // A return claim granted because the slot was free pays it too.
        await store.findCustomerAndReleaseSyncSlot('acct_1')
        expect(await store.claimSyncSlot('cus_1', 10, { forReturn: true })).toEqual({ granted: true })
        expect((await store.claimSyncSlot('cus_1', 10, { forReturn: true })).granted).toBe(false)
        expect((await store.claimSyncSlot('cus_2', 10)).granted).toBe(false)
      })

      it('finds an account’s customer and frees its slot in one call, and finds nothing for an unknown or deleted one', async () => {
        await store.linkCustomer({ customerId: 'cus_1', accountId: 'acct_1', email: 'one@example.com' })
        await store.linkCustomer({ customerId: 'cus_2', accountId: 'acct_2' })
        await store.linkCustomer({ customerId: 'cus_3', accountId: 'acct_3' })
        await store.markCustomerDeleted('cus_3')
        expect(await store.claimSyncSlot('cus_1', 10)).toEqual({ granted: true })
        expect(await store.claimSyncSlot('cus_2', 10)).toEqual({ granted: true })
        const found = await store.findCustomerAndReleaseSyncSlot('acct_1')
        expect(found).toMatchObject({ customerId: 'cus_1', accountId: 'acct_1', email: 'one@example.com' })
        expect(found).toEqual(await store.findCustomerByAccount('acct_1'))
        expect(await store.claimSyncSlot('cus_1', 10)).toEqual({ granted: true })
        expect((await store.claimSyncSlot('cus_2', 10)).granted).toBe(false)
        expect(await store.findCustomerAndReleaseSyncSlot('acct_3')).toBeNull()
        expect(await store.findCustomerAndReleaseSyncSlot('acct_unknown')).toBeNull()
      })
    })
  })
}
