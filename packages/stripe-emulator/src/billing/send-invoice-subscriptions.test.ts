import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { useEmulatorWithTeamPlan } from '../testing/emulator-with-team-plan.js'

const day = 86_400
/** 2030-01-20T09:30:00Z. */
const jan20 = Date.UTC(2030, 0, 20, 9, 30) / 1000
const feb20 = Date.UTC(2030, 1, 20, 9, 30) / 1000

describe('a subscription with collection_method=send_invoice', () => {
  const kit = useEmulatorWithTeamPlan()

  const invoiceEvents = async (invoiceId: string) =>
    (await kit.stripe.events.list({ limit: 100, created: { gte: jan20 } })).data
      .filter((e) => (e.data.object as { id?: string }).id === invoiceId)
      .map((e) => e.type)
      .reverse()

  it('is active at once, with its first invoice sent for payment in days_until_due and never charged', async () => {
    const { customer } = await customerOnTestClock(kit.stripe, { frozenTime: jan20, email: 'ap@example.com' })
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: kit.monthly.id }],
      collection_method: 'send_invoice',
      days_until_due: 30,
      expand: ['latest_invoice'],
    })
    expect(sub).toMatchObject({ status: 'active', collection_method: 'send_invoice', days_until_due: 30 })
    const invoice = sub.latest_invoice as Stripe.Invoice
    expect(invoice).toMatchObject({
      status: 'open',
      collection_method: 'send_invoice',
      due_date: jan20 + 30 * day,
      amount_due: 3000,
      attempt_count: 0,
      next_payment_attempt: null,
    })
    expect(await invoiceEvents(invoice.id)).toEqual(['invoice.created', 'invoice.finalized', 'invoice.sent'])
  })

  it('goes past_due when an invoice passes its due date unpaid, and active again once it is paid', async () => {
    const { clock, customer } = await customerOnTestClock(kit.stripe, {
      frozenTime: jan20,
      email: 'late@example.com',
      paymentMethod: null,
    })
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: kit.monthly.id }],
      collection_method: 'send_invoice',
      days_until_due: 7,
    })
    await kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: jan20 + 7 * day - 60 })
    expect((await kit.stripe.subscriptions.retrieve(sub.id)).status).toBe('active')
    await kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: jan20 + 7 * day + 60 })
    expect((await kit.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due')

    await kit.stripe.invoices.pay(sub.latest_invoice as string, { paid_out_of_band: true })
    expect((await kit.stripe.subscriptions.retrieve(sub.id)).status).toBe('active')
  })

  it('sends each renewal too, without charging the card the customer has on file', async () => {
    const { clock, customer } = await customerOnTestClock(kit.stripe, { frozenTime: jan20, email: 'renew@example.com' })
    const sub = await kit.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: kit.monthly.id }],
      collection_method: 'send_invoice',
      days_until_due: 30,
    })
    await kit.stripe.invoices.pay(sub.latest_invoice as string, { paid_out_of_band: true })
    await kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: feb20 + 2 * 3600 })
    const renewal = await kit.stripe.invoices.retrieve(
      (await kit.stripe.subscriptions.retrieve(sub.id)).latest_invoice as string,
    )
    expect(renewal).toMatchObject({
      billing_reason: 'subscription_cycle',
      collection_method: 'send_invoice',
      status: 'open',
      attempt_count: 0,
      due_date: feb20 + 3600 + 30 * day,
    })
    expect((await kit.stripe.subscriptions.retrieve(sub.id)).status).toBe('active')
  })

  it('switches an existing subscription to invoices and back, from its next invoice on', async () => {
    const { clock, customer } = await customerOnTestClock(kit.stripe, {
      frozenTime: jan20,
      email: 'switch@example.com',
    })
    const sub = await kit.stripe.subscriptions.create({ customer: customer.id, items: [{ price: kit.monthly.id }] })
    const missing = await kit.stripe.subscriptions
      .update(sub.id, { collection_method: 'send_invoice' })
      .catch((e: unknown) => e)
    expect(missing).toMatchObject({ param: 'days_until_due' })

    const invoiced = await kit.stripe.subscriptions.update(sub.id, {
      collection_method: 'send_invoice',
      days_until_due: 14,
    })
    expect(invoiced).toMatchObject({ collection_method: 'send_invoice', days_until_due: 14 })
    await kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: feb20 + 2 * 3600 })
    const sent = await kit.stripe.invoices.retrieve(
      (await kit.stripe.subscriptions.retrieve(sub.id)).latest_invoice as string,
    )
    expect(sent).toMatchObject({ collection_method: 'send_invoice', status: 'open', due_date: feb20 + 3600 + 14 * day })

    const charged = await kit.stripe.subscriptions.update(sub.id, { collection_method: 'charge_automatically' })
    expect(charged).toMatchObject({ collection_method: 'charge_automatically', days_until_due: null })
    const mar20 = Date.UTC(2030, 2, 20, 9, 30) / 1000
    await kit.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: mar20 + 2 * 3600 })
    const paid = await kit.stripe.invoices.retrieve(
      (await kit.stripe.subscriptions.retrieve(sub.id)).latest_invoice as string,
    )
    expect(paid).toMatchObject({ collection_method: 'charge_automatically', status: 'paid' })
  })

  it('refuses send_invoice without days_until_due, and days_until_due without send_invoice', async () => {
    const { customer } = await customerOnTestClock(kit.stripe, { frozenTime: jan20, email: 'bad@example.com' })
    const refusal = (params: Partial<Stripe.SubscriptionCreateParams>) =>
      kit.stripe.subscriptions
        .create({ customer: customer.id, items: [{ price: kit.monthly.id }], ...params })
        .catch((e) => e)
    const missing = await refusal({ collection_method: 'send_invoice' })
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(missing).toMatchObject({ param: 'days_until_due' })
    const stray = await refusal({ days_until_due: 30 })
    expect(stray).toMatchObject({ param: 'days_until_due' })
  })
})
