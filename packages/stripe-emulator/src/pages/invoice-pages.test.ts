import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { formWithButton, submitForm, textOf } from './portal-test-forms.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient({ settings: { businessName: 'Acme' } })
})
afterAll(() => client.close())

async function invoiceFor(card: string): Promise<Stripe.Invoice> {
  const { stripe } = client
  const price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 1900,
    recurring: { interval: 'month' },
    product_data: { name: 'Starter' },
  })
  const customer = await stripe.customers.create({ email: 'page@example.com', name: 'Grace Hopper' })
  const pm = await stripe.paymentMethods.attach(card, { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
  return stripe.invoices.retrieve(sub.latest_invoice as string)
}

const goodCard = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123' }

describe('hosted invoice page', () => {
  it('shows a paid invoice with its number, lines, totals and a PDF link, and no pay form', async () => {
    const invoice = await invoiceFor('pm_card_visa')
    const response = await fetch(invoice.hosted_invoice_url as string)
    expect(response.status).toBe(200)
    const html = await response.text()
    const text = textOf(html)
    expect(html).toContain('<html lang="en">')
    expect(html).toMatch(/<h1>Invoice [A-Z0-9]+-0001<\/h1>/)
    expect(text).toContain('Acme')
    expect(html).toMatch(/<span class="badge status-badge" data-status="paid">Paid<\/span>/)
    expect(text).toMatch(/\$19\.00 paid on \w+ \d+, \d{4}/)
    expect(text).toContain('Subtotal $19.00 Total $19.00 Amount paid $19.00 Amount due $0.00')
    expect(text).toContain('1 × Starter (at $19.00 / month)')
    expect(text).toContain('Grace Hopper')
    expect(html).toContain('<th scope="col">Description</th>')
    expect(html).toContain(`href="/i/${invoice.id}/pdf"`)
    expect(html).not.toContain('<form')
  })

  it('pays an open invoice with a card typed on the page and shows it paid', async () => {
    const { stripe, running } = client
    const invoice = await invoiceFor('pm_card_chargeCustomerFail')
    const html = await (await fetch(invoice.hosted_invoice_url as string)).text()
    expect(textOf(html)).toMatch(/\$19\.00 due \w+ \d+, \d{4}/)
    expect(html).toMatch(/<button type="submit" class="primary wide">Pay \$19\.00<\/button>/)
    const response = await submitForm(running.url, formWithButton(html, 'Pay $19.00'), goodCard)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/i/${invoice.id}`)
    const paid = await stripe.invoices.retrieve(invoice.id)
    expect(paid.status).toBe('paid')
    const sub = await stripe.subscriptions.retrieve(paid.parent?.subscription_details?.subscription as string)
    expect(sub.status).toBe('active')
  })

  it('shows a declined card as an alert and keeps the invoice open', async () => {
    const { stripe, running } = client
    const invoice = await invoiceFor('pm_card_chargeCustomerFail')
    const html = await (await fetch(invoice.hosted_invoice_url as string)).text()
    const response = await submitForm(running.url, formWithButton(html, 'Pay $19.00'), {
      ...goodCard,
      card_number: '4000 0000 0000 0002',
    })
    expect(response.status).toBe(402)
    const page = await response.text()
    expect(page).toMatch(/<p class="error" role="alert" id="form-error">Your card was declined.<\/p>/)
    expect(page).toContain('aria-invalid="true"')
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('open')
  })

  it('answers an unknown invoice with a 404 page', async () => {
    const response = await fetch(`${client.running.url}/i/in_missing`)
    expect(response.status).toBe(404)
  })
})

describe('invoice PDF', () => {
  it('is a valid PDF whose cross-reference table points at every object', async () => {
    const invoice = await invoiceFor('pm_card_visa')
    const response = await fetch(invoice.invoice_pdf as string)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    const bytes = Buffer.from(await response.arrayBuffer())
    const pdf = bytes.toString('latin1')
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true)
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true)
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(pdf)?.[1])
    expect(pdf.slice(startxref, startxref + 4)).toBe('xref')
    const entries = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]))
    expect(entries).toHaveLength(7)
    entries.forEach((offset, i) => {
      expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`)
    })
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(pdf)?.[1])
    const streamStart = pdf.indexOf('stream\n') + 'stream\n'.length
    expect(pdf.slice(streamStart + length, streamStart + length + '\nendstream'.length)).toBe('\nendstream')
    expect(pdf).toContain(`(Invoice ${invoice.number})`)
    expect(pdf).toContain('($19.00)')
  })
})
