import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'
import { textOf } from './portal-test-forms.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())

describe('given a discounted invoice', () => {
  it('shows the subtotal, each discount and the reduced total on the hosted page and in the PDF', async () => {
    const { stripe } = kit
    const { customer, monthly } = await subscribedCustomer(stripe, 'discounted-invoice@example.com')
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'forever', name: 'Loyalty' })
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id, quantity: 2 }],
      discounts: [{ coupon: coupon.id }],
      expand: ['latest_invoice'],
    })
    const invoice = subscription.latest_invoice as Stripe.Invoice
    const page = textOf(await (await fetch(invoice.hosted_invoice_url as string)).text())
    expect(page).toContain('Subtotal $40.00 Loyalty (20% off) -$8.00 Total $32.00 Amount paid $32.00')
    const pdf = Buffer.from(await (await fetch(invoice.invoice_pdf as string)).arrayBuffer()).toString('latin1')
    expect(pdf).toContain('(Loyalty \\(20% off\\))')
    expect(pdf).toContain('(-$8.00)')
    expect(pdf).toContain('($32.00)')
  })

  it('shows no discount rows on an invoice without one', async () => {
    const { stripe } = kit
    const { subscription } = await subscribedCustomer(stripe, 'plain-invoice@example.com')
    const invoice = await stripe.invoices.retrieve(subscription.latest_invoice as string)
    const page = textOf(await (await fetch(invoice.hosted_invoice_url as string)).text())
    expect(page).not.toContain('off)')
    expect(page).toContain('Subtotal $20.00 Total $20.00')
    expect(page).toContain('Total $20.00')
  })
})
