import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { textOf } from '../pages/portal-test-forms.js'
import { startTestEmulator, type TestEmulator } from '../testing/index.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
beforeEach(() => kit.reset())
afterAll(() => kit.close())

async function payingCustomer(email: string) {
  const customer = await kit.stripe.customers.create({ email })
  const pm = await kit.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
  await kit.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
  return customer
}

/** Puts a $25.00 workshop on a draft; answers the draft as it then is. */
async function addWorkshop(invoice: Stripe.Invoice): Promise<Stripe.Invoice> {
  await kit.stripe.invoiceItems.create({
    customer: invoice.customer as string,
    invoice: invoice.id,
    amount: 2500,
    currency: 'usd',
    description: 'Workshop',
  })
  return kit.stripe.invoices.retrieve(invoice.id)
}

const discountsOf = async (type: string): Promise<Stripe.Discount[]> => {
  await kit.webhooksIdle()
  return kit.deliveredEvents(type).map((event) => event.data.object as Stripe.Discount)
}

describe('given a one-off invoice with discounts', () => {
  it('takes a coupon off the draft totals and charges the discounted amount when paid', async () => {
    const { stripe } = kit
    const customer = await payingCustomer('invoice-coupon@example.com')
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'once', name: 'Launch' })
    const created = await stripe.invoices.create({ customer: customer.id, discounts: [{ coupon: coupon.id }] })
    expect(created.discounts).toHaveLength(1)
    const [created_discount] = await discountsOf('customer.discount.created')
    expect(created_discount).toMatchObject({
      id: created.discounts[0],
      invoice: created.id,
      subscription: null,
      customer: customer.id,
      source: { coupon: coupon.id, type: 'coupon' },
    })

    const draft = await addWorkshop(created)
    expect(draft).toMatchObject({ status: 'draft', subtotal: 2500, total: 2000, amount_due: 2000 })
    expect(draft.total_discount_amounts).toEqual([{ amount: 500, discount: created_discount?.id }])
    expect(draft.lines.data[0]?.discount_amounts).toEqual([{ amount: 500, discount: created_discount?.id }])
    const expanded = await stripe.invoices.retrieve(draft.id, { expand: ['discounts'] })
    expect((expanded.discounts[0] as Stripe.Discount).invoice).toBe(draft.id)

    const paid = await stripe.invoices.pay(draft.id)
    expect(paid).toMatchObject({ status: 'paid', total: 2000, amount_paid: 2000, amount_remaining: 0 })
    const page = textOf(await (await fetch(paid.hosted_invoice_url as string)).text())
    expect(page).toContain('Subtotal $25.00 Launch (20% off) -$5.00 Total $20.00 Amount paid $20.00')
    expect(await discountsOf('customer.discount.deleted')).toEqual([])
  })

  it('replaces, keeps and removes a draft’s discounts on update, with customer.discount events', async () => {
    const { stripe } = kit
    const customer = await payingCustomer('invoice-update@example.com')
    const percent = await stripe.coupons.create({ percent_off: 10, duration: 'forever' })
    const fiveOff = await stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'once' })
    const code = await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: fiveOff.id },
      code: 'FIVEOFF',
    })
    const draft = await addWorkshop(
      await stripe.invoices.create({ customer: customer.id, discounts: [{ coupon: percent.id }] }),
    )
    expect(draft.total).toBe(2250)
    const percentDiscount = draft.discounts[0] as string

    const both = await stripe.invoices.update(draft.id, {
      discounts: [{ discount: percentDiscount }, { promotion_code: code.id }],
    })
    // 10% of $25.00, then $5.00 off what is left.
    expect(both.total_discount_amounts?.map((d) => d.amount)).toEqual([250, 500])
    expect(both.total).toBe(1750)
    expect(both.discounts[0]).toBe(percentDiscount)
    expect((await stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1)

    const onlyCode = await stripe.invoices.update(draft.id, { discounts: [{ discount: both.discounts[1] as string }] })
    expect(onlyCode.total).toBe(2000)
    expect((await discountsOf('customer.discount.deleted')).map((d) => d.id)).toEqual([percentDiscount])

    const none = await stripe.invoices.update(draft.id, { discounts: '' })
    expect(none).toMatchObject({ discounts: [], total_discount_amounts: [], total: 2500, amount_due: 2500 })
    expect(none.lines.data[0]?.discount_amounts).toEqual([])
    expect(await discountsOf('customer.discount.deleted')).toHaveLength(2)
    expect(await discountsOf('customer.discount.created')).toHaveLength(2)

    await stripe.invoices.update(draft.id, { discounts: [{ coupon: percent.id }] })
    const finalized = await stripe.invoices.finalizeInvoice(draft.id)
    expect(finalized).toMatchObject({ status: 'open', total: 2250, amount_due: 2250 })
    const refused = await stripe.invoices.update(draft.id, { discounts: '' }).catch((e: unknown) => e)
    expect(refused).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' })
  })

  it('discounts the pending items an invoice takes at creation and refuses a coupon that cannot be redeemed', async () => {
    const { stripe } = kit
    const customer = await payingCustomer('invoice-pending@example.com')
    await stripe.invoiceItems.create({ customer: customer.id, amount: 4000, currency: 'usd', description: 'Setup' })
    const coupon = await stripe.coupons.create({ amount_off: 1500, currency: 'usd', duration: 'once' })
    const invoice = await stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
      discounts: [{ coupon: coupon.id }],
    })
    expect(invoice).toMatchObject({ subtotal: 4000, total: 2500, amount_due: 2500 })

    const missing = await stripe.invoices
      .create({ customer: customer.id, discounts: [{ coupon: 'NOPE' }] })
      .catch((e: unknown) => e)
    expect(missing).toMatchObject({ statusCode: 404, param: 'discounts[0][coupon]' })
    expect((await stripe.invoices.list({ customer: customer.id })).data).toHaveLength(1)
  })
})
