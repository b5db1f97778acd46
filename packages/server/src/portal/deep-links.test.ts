import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type BillingHarness,
  type SubscribedAccount,
  startBillingHarness,
  subscribeAccount,
} from '../testing/billing-harness.js'

let h: BillingHarness
let mine: SubscribedAccount
let theirs: SubscribedAccount

beforeAll(async () => {
  h = await startBillingHarness()
  mine = await subscribeAccount(h.stripe, 'acct_mine')
  theirs = await subscribeAccount(h.stripe, 'acct_theirs')
  await h.billing.api.reconcile()
  h.account = { id: 'acct_mine', email: 'acct_mine@example.com' }
})
afterAll(() => h.close())

describe('deep links into the portal', () => {
  it('opens the cancel flow for the account’s own subscription', async () => {
    const res = await h.request('/portal', {
      method: 'POST',
      json: { flow: 'subscription_cancel', subscriptionId: mine.subscription.id },
    })
    expect(res.status).toBe(200)
    expect(h.lastPortalSession().flow).toMatchObject({
      type: 'subscription_cancel',
      subscription_cancel: { subscription: mine.subscription.id },
    })
  })

  it('uses the account’s current subscription when the flow names none', async () => {
    const res = await h.request('/portal', { method: 'POST', json: { flow: 'subscription_cancel' } })
    expect(res.status).toBe(200)
    expect(h.lastPortalSession().flow?.subscription_cancel?.subscription).toBe(mine.subscription.id)
  })

  it('refuses another customer’s subscription with 403 and opens no session', async () => {
    const before = h.emittedEvents().length
    const res = await h.request('/portal', {
      method: 'POST',
      json: { flow: 'subscription_cancel', subscriptionId: theirs.subscription.id },
    })
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('foreign_subscription')
    expect(h.emittedEvents().length).toBe(before)
  })

  it('answers an unknown subscription id exactly like a foreign one', async () => {
    const res = await h.request('/portal', {
      method: 'POST',
      json: { flow: 'subscription_update', subscriptionId: 'sub_does_not_exist' },
    })
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('foreign_subscription')
  })

  it('confirms a plan switch to a given price on the subscription’s item', async () => {
    const product = await h.stripe.products.create({ name: 'Team' })
    const team = await h.stripe.prices.create({
      product: product.id,
      unit_amount: 9900,
      currency: 'usd',
      recurring: { interval: 'month' },
    })
    const config = await h.stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          products: [
            { product: mine.price.product as string, prices: [mine.price.id] },
            { product: product.id, prices: [team.id] },
          ],
        },
        payment_method_update: { enabled: true },
      },
    })
    const { createBilling } = await import('../create-billing.js')
    const billing = createBilling({ ...h.billing.options, portalConfiguration: config.id })
    const res = await billing.handler(
      new Request('https://app.example/api/billing/portal', {
        method: 'POST',
        headers: { origin: 'https://app.example' },
        body: JSON.stringify({ flow: 'subscription_update_confirm', priceId: team.id }),
      }),
    )
    expect(res.status).toBe(200)
    const session = h.lastPortalSession()
    expect(session.configuration).toBe(config.id)
    expect(session.flow?.subscription_update_confirm?.items).toEqual([
      { id: mine.subscription.items.data[0]?.id, price: team.id, quantity: 1 },
    ])
  })
})

describe('a plan switch deep link with a plans list', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'refuses %s, a key every object inherits, as a price not on offer, and opens no session',
    async (priceId) => {
      const { createBilling } = await import('../create-billing.js')
      const billing = createBilling({ ...h.billing.options, plans: { [mine.price.id]: { name: 'Pro' } } })
      const before = h.emittedEvents().length
      const res = await billing.handler(
        new Request('https://app.example/api/billing/portal', {
          method: 'POST',
          headers: { origin: 'https://app.example' },
          body: JSON.stringify({ flow: 'subscription_update_confirm', priceId }),
        }),
      )
      expect(res.status).toBe(400)
      expect((await res.json()).error.message).toBe('That price is not one of the plans on offer.')
      expect(h.emittedEvents().length).toBe(before)
    },
  )
})
