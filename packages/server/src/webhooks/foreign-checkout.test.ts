import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, payCheckoutSession, startBillingHarness } from '../testing/billing-harness.js'

describe.each(['fetch', 'payload'] as const)('given a checkout the app did not create (%s mode)', (sync) => {
  let h: BillingHarness
  let warnings: string[]
  beforeAll(async () => {
    warnings = []
    h = await startBillingHarness({
      sync,
      logger: { warn: (message) => warnings.push(message), error: () => {} },
    })
  })
  afterAll(() => h.close())

  /** What an attacker does with a Payment Link or pricing table: any client_reference_id, then pays. */
  async function completeForeignCheckout(clientReferenceId: string): Promise<Stripe.Checkout.Session> {
    const product = await h.stripe.products.create({ name: 'Pro' })
    const price = await h.stripe.prices.create({
      product: product.id,
      unit_amount: 2900,
      currency: 'usd',
      recurring: { interval: 'month' },
    })
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      client_reference_id: clientReferenceId,
      customer_email: 'attacker@evil.example',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://evil.example/done',
    })
    const paid = await payCheckoutSession(h, session.id)
    expect(paid.status).toBe(303)
    return h.stripe.checkout.sessions.retrieve(session.id)
  }

  it('records and acknowledges it, and leaves the victim’s status unchanged', async () => {
    const victim = `acct_victim_${sync}`
    const before = await h.billing.api.getStatus(victim)
    const since = h.emittedEvents().length
    const session = await completeForeignCheckout(victim)
    const events = h.emittedEvents().slice(since)
    expect(events.map((e) => e.type)).toContain('checkout.session.completed')
    for (const event of events) {
      const res = await h.billing.handler(h.signedWebhook(JSON.stringify(event)))
      expect({ type: event.type, status: res.status }).toEqual({ type: event.type, status: 200 })
    }
    expect(await h.billing.api.getStatus(victim)).toEqual(before)
    expect(warnings.some((w) => w.includes(session.id))).toBe(true)

    h.account = { id: victim, email: 'victim@example.com' }
    expect((await h.request('/portal', { method: 'POST', json: {} })).status).toBe(200)
    const own = await h.billing.api.getStatus(victim)
    expect(own.customer?.id).toBeDefined()
    expect(own.customer?.id).not.toBe(session.customer)
  })
})
