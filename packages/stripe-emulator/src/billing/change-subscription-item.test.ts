import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/index.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
beforeEach(() => kit.reset())
afterAll(() => kit.close())

async function addOnPrice(productId: string) {
  return kit.stripe.prices.create({
    product: productId,
    currency: 'usd',
    unit_amount: 500,
    recurring: { interval: 'month' },
  })
}

const subscriptionOf = (event: Stripe.Event | undefined) => event?.data.object as Stripe.Subscription | undefined

describe('given an active subscription with one item', () => {
  it('adds an item: the subscription holds it and customer.subscription.updated names the old items', async () => {
    const { subscription, product } = await subscribedCustomer(kit.stripe, 'add-item@example.com')
    const addOn = await addOnPrice(product.id)
    await kit.webhooksIdle()
    const item = await kit.stripe.subscriptionItems.create({
      subscription: subscription.id,
      price: addOn.id,
      quantity: 2,
      proration_behavior: 'none',
    })
    expect(item).toMatchObject({ object: 'subscription_item', subscription: subscription.id, quantity: 2 })
    expect(item.price.id).toBe(addOn.id)
    const after = await kit.stripe.subscriptions.retrieve(subscription.id)
    expect(after.items.data.map((i) => i.id)).toEqual([subscription.items.data[0]?.id, item.id])
    await kit.webhooksIdle()
    const [updated] = kit.deliveredEvents('customer.subscription.updated')
    expect(subscriptionOf(updated)?.items.data).toHaveLength(2)
    const previousItems = (updated?.data.previous_attributes as { items?: Stripe.ApiList<Stripe.SubscriptionItem> })
      ?.items
    expect(previousItems?.data.map((i) => i.id)).toEqual([subscription.items.data[0]?.id])
    expect(await kit.stripe.invoiceItems.list({ customer: subscription.customer as string })).toMatchObject({
      data: [],
    })
  })

  it('prorates an added item by default, leaving the proration pending for the next invoice', async () => {
    const { subscription, product } = await subscribedCustomer(kit.stripe, 'prorate-item@example.com')
    const addOn = await addOnPrice(product.id)
    await kit.stripe.subscriptionItems.create({ subscription: subscription.id, price: addOn.id })
    const pending = await kit.stripe.invoiceItems.list({ customer: subscription.customer as string, pending: true })
    expect(pending.data).toHaveLength(1)
    expect(pending.data[0]).toMatchObject({ proration: true, currency: 'usd' })
    expect(pending.data[0]?.amount).toBeGreaterThan(0)
    expect(pending.data[0]?.amount).toBeLessThanOrEqual(500)
  })

  it('updates the quantity and the price of an item, with previous_attributes each time', async () => {
    const { subscription, monthly, product } = await subscribedCustomer(kit.stripe, 'update-item@example.com')
    const itemId = subscription.items.data[0]?.id as string
    const morePro = await kit.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 3000,
      recurring: { interval: 'month' },
    })
    await kit.webhooksIdle()
    const seats = await kit.stripe.subscriptionItems.update(itemId, { quantity: 3, proration_behavior: 'none' })
    expect(seats).toMatchObject({ id: itemId, quantity: 3 })
    const repriced = await kit.stripe.subscriptionItems.update(itemId, {
      price: morePro.id,
      proration_behavior: 'none',
    })
    expect(repriced.price.id).toBe(morePro.id)
    expect((await kit.stripe.subscriptionItems.retrieve(itemId)).price.id).toBe(morePro.id)
    expect((await kit.stripe.subscriptions.retrieve(subscription.id)).items.data[0]).toMatchObject({
      quantity: 3,
      price: { id: morePro.id },
    })
    await kit.webhooksIdle()
    const updates = kit.deliveredEvents('customer.subscription.updated')
    expect(updates).toHaveLength(2)
    const before = updates.map(
      (e) => (e.data.previous_attributes as { items: Stripe.ApiList<Stripe.SubscriptionItem> }).items.data[0],
    )
    expect(before[0]).toMatchObject({ quantity: 1, price: { id: monthly.id } })
    expect(before[1]).toMatchObject({ quantity: 3, price: { id: monthly.id } })
  })

  it('refuses to delete the last item, as Stripe does', async () => {
    const { subscription } = await subscribedCustomer(kit.stripe, 'last-item@example.com')
    const error = await kit.stripe.subscriptionItems
      .del(subscription.items.data[0]?.id as string)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect((error as Stripe.errors.StripeError).message).toMatch(/at least one active plan/)
    expect((await kit.stripe.subscriptions.retrieve(subscription.id)).items.data).toHaveLength(1)
  })

  it('deletes one of two items and lists the rest; the list needs its subscription', async () => {
    const { subscription, product } = await subscribedCustomer(kit.stripe, 'delete-item@example.com')
    const addOn = await addOnPrice(product.id)
    const item = await kit.stripe.subscriptionItems.create({ subscription: subscription.id, price: addOn.id })
    expect(await kit.stripe.subscriptionItems.del(item.id, { proration_behavior: 'none' })).toEqual({
      id: item.id,
      object: 'subscription_item',
      deleted: true,
    })
    const listed = await kit.stripe.subscriptionItems.list({ subscription: subscription.id })
    expect(listed.data.map((i) => i.id)).toEqual([subscription.items.data[0]?.id])
    await expect(kit.stripe.subscriptionItems.retrieve(item.id)).rejects.toMatchObject({ statusCode: 404 })
    await expect(kit.stripe.subscriptionItems.list({} as Stripe.SubscriptionItemListParams)).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'subscription',
    })
  })
})
