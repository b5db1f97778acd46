import Stripe from 'stripe'
import { beforeAll, describe, expect, it } from 'vitest'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { useEmulatorWithTeamPlan } from '../testing/emulator-with-team-plan.js'

const day = 86_400
/** 2030-01-20T09:30:00Z. */
const jan20 = Date.UTC(2030, 0, 20, 9, 30) / 1000

describe('subscriptions.create with add_invoice_items (a setup fee)', () => {
  const kit = useEmulatorWithTeamPlan()
  let setupFee: Stripe.Price
  beforeAll(async () => {
    setupFee = await kit.stripe.prices.create({
      currency: 'usd',
      unit_amount: 5000,
      product_data: { name: 'Onboarding' },
    })
  })

  const customerAt = (frozenTime: number, paymentMethod = 'pm_card_visa') =>
    customerOnTestClock(kit.stripe, { frozenTime, email: 'fee@example.com', paymentMethod })

  it('bills the items once, on the first invoice, as invoice items of the subscription', async () => {
    const { clock, customer } = await customerAt(jan20)
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: kit.monthly.id }],
      add_invoice_items: [{ price: setupFee.id, quantity: 2 }],
      expand: ['latest_invoice'],
    })
    expect(sub.status).toBe('active')
    expect(sub.items.data.map((item) => item.price.id)).toEqual([kit.monthly.id])
    const first = sub.latest_invoice as Stripe.Invoice
    expect(first).toMatchObject({ status: 'paid', subtotal: 13_000, total: 13_000 })
    expect(first.lines.data.map((line) => [line.description, line.amount])).toEqual([
      ['1 × Team (at $30.00 / month)', 3000],
      ['Onboarding', 10_000],
    ])
    const items = await kit.stripe.invoiceItems.list({ customer: customer.id })
    expect(items.data).toHaveLength(1)
    expect(items.data[0]).toMatchObject({ amount: 10_000, quantity: 2, invoice: first.id })

    await kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: jan20 + 32 * day })
    const renewal = await kit.stripe.invoices.list({ subscription: sub.id, limit: 1 })
    expect(renewal.data[0]).toMatchObject({ billing_reason: 'subscription_cycle', total: 3000 })
  })

  it('charges them at once with a trial, and the subscription stays trialing', async () => {
    const { customer } = await customerAt(jan20)
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: kit.monthly.id }],
      trial_period_days: 14,
      add_invoice_items: [{ price: setupFee.id }],
      expand: ['latest_invoice'],
    })
    expect(sub.status).toBe('trialing')
    expect(sub.latest_invoice).toMatchObject({ status: 'paid', total: 5000 })
  })

  it('leaves a trial incomplete when its fee is declined, and starts the trial once the fee is paid', async () => {
    const { customer } = await customerAt(jan20, 'pm_card_chargeCustomerFail')
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: kit.monthly.id }],
      trial_period_days: 14,
      add_invoice_items: [{ price: setupFee.id }],
    })
    expect(sub.status).toBe('incomplete')
    const pm = await kit.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    await kit.stripe.invoices.pay(sub.latest_invoice as string, { payment_method: pm.id })
    expect((await kit.stripe.subscriptions.retrieve(sub.id)).status).toBe('trialing')
  })

  it('refuses a recurring price, or one in another currency, naming the item', async () => {
    const { customer } = await customerAt(jan20)
    const euroFee = await kit.stripe.prices.create({ currency: 'eur', unit_amount: 100, product_data: { name: 'Fee' } })
    for (const [price, message] of [
      [
        kit.monthly.id,
        'The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.',
      ],
      [euroFee.id, 'The price currency (eur) must match the subscription currency (usd).'],
    ] as const) {
      const error = await kit.stripe.subscriptions
        .create({ customer: customer.id, items: [{ price: kit.monthly.id }], add_invoice_items: [{ price }] })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
      expect(error).toMatchObject({ param: 'add_invoice_items[0][price]', message })
    }
  })
})
