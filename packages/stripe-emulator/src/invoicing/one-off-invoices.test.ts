import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/index.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
beforeEach(() => kit.reset())
afterAll(() => kit.close())

async function customerWith(card: string | null, email: string) {
  const customer = await kit.stripe.customers.create({ email })
  if (card) {
    const pm = await kit.stripe.paymentMethods.attach(card, { customer: customer.id })
    await kit.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
  }
  return customer
}

/** A draft with one $25.00 line. */
async function draftFor(customer: Stripe.Customer, params: Partial<Stripe.InvoiceCreateParams> = {}) {
  const draft = await kit.stripe.invoices.create({ customer: customer.id, ...params })
  await kit.stripe.invoiceItems.create({
    customer: customer.id,
    invoice: draft.id,
    amount: 2500,
    currency: 'usd',
    description: 'Workshop',
  })
  return draft
}

const objectOf = (event: Stripe.Event | undefined) => event?.data.object as Stripe.Invoice | undefined

describe('given a one-off invoice created through the API', () => {
  it('starts as a manual draft that does not auto-advance and leaves pending items out by default', async () => {
    const customer = await customerWith('pm_card_visa', 'draft@example.com')
    const pending = await kit.stripe.invoiceItems.create({ customer: customer.id, amount: 900, currency: 'usd' })
    const invoice = await kit.stripe.invoices.create({
      customer: customer.id,
      description: 'Consulting, March',
      metadata: { project: 'apollo' },
    })
    expect(invoice).toMatchObject({
      status: 'draft',
      billing_reason: 'manual',
      collection_method: 'charge_automatically',
      auto_advance: false,
      number: null,
      hosted_invoice_url: null,
      description: 'Consulting, March',
      metadata: { project: 'apollo' },
      parent: null,
      total: 0,
      lines: { data: [] },
    })
    expect((await kit.stripe.invoiceItems.retrieve(pending.id)).invoice).toBeNull()
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('invoice.created').map((e) => objectOf(e)?.id)).toEqual([invoice.id])
  })

  it('pulls the customer’s pending items in with pending_invoice_items_behavior=include', async () => {
    const customer = await customerWith('pm_card_visa', 'include@example.com')
    const a = await kit.stripe.invoiceItems.create({ customer: customer.id, amount: 900, currency: 'usd' })
    const b = await kit.stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' })
    const invoice = await kit.stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
    })
    expect(invoice).toMatchObject({ total: 1000, amount_due: 1000, currency: 'usd' })
    expect(invoice.lines.data.map((l) => l.parent?.invoice_item_details?.invoice_item)).toEqual([a.id, b.id])
    expect((await kit.stripe.invoiceItems.retrieve(a.id)).invoice).toBe(invoice.id)
  })

  it('finalizes with a number, hosted URL and status open, and invoice.finalized arrives', async () => {
    const customer = await customerWith('pm_card_visa', 'finalize@example.com')
    const draft = await draftFor(customer)
    const open = await kit.stripe.invoices.finalizeInvoice(draft.id)
    expect(open).toMatchObject({ status: 'open', total: 2500, amount_due: 2500, amount_paid: 0 })
    expect(open.number).toMatch(/^[A-Z0-9]+-0001$/)
    expect(open.hosted_invoice_url).toBe(`${kit.url}/i/${draft.id}`)
    const again = await kit.stripe.invoices.finalizeInvoice(draft.id).catch((e: unknown) => e)
    expect(again).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' })
    await kit.webhooksIdle()
    expect(objectOf(kit.deliveredEvents('invoice.finalized')[0])).toMatchObject({ id: draft.id, status: 'open' })
  })

  it('has a hosted page and a PDF showing its line and the amount due', async () => {
    const customer = await customerWith(null, 'hosted@example.com')
    const draft = await draftFor(customer)
    const open = await kit.stripe.invoices.finalizeInvoice(draft.id)
    const page = await fetch(open.hosted_invoice_url as string)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Workshop')
    expect(html).toContain('Pay $25.00')
    expect((await fetch(open.invoice_pdf as string)).headers.get('content-type')).toBe('application/pdf')
  })

  it('is paid with the customer’s default card: invoice.paid and invoice.payment_succeeded arrive', async () => {
    const customer = await customerWith('pm_card_visa', 'pay@example.com')
    const draft = await draftFor(customer)
    await kit.stripe.invoices.finalizeInvoice(draft.id)
    const paid = await kit.stripe.invoices.pay(draft.id)
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2500, amount_remaining: 0 })
    await kit.webhooksIdle()
    expect(objectOf(kit.deliveredEvents('invoice.paid')[0])?.id).toBe(draft.id)
    expect(objectOf(kit.deliveredEvents('invoice.payment_succeeded')[0])?.id).toBe(draft.id)
  })

  it('pays with a given payment_method when the customer has none', async () => {
    const customer = await customerWith(null, 'given-pm@example.com')
    const draft = await draftFor(customer)
    await kit.stripe.invoices.finalizeInvoice(draft.id)
    const noCard = await kit.stripe.invoices.pay(draft.id).catch((e: unknown) => e)
    expect(noCard).toMatchObject({ code: 'invoice_no_customer_payment_method' })
    const paid = await kit.stripe.invoices.pay(draft.id, { payment_method: 'pm_card_mastercard' })
    expect(paid.status).toBe('paid')
  })

  it('charges its own default_payment_method before the customer’s', async () => {
    const customer = await customerWith('pm_card_chargeCustomerFail', 'invoice-default@example.com')
    const visa = await kit.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const draft = await draftFor(customer, { default_payment_method: visa.id })
    expect(draft.default_payment_method).toBe(visa.id)
    await kit.stripe.invoices.finalizeInvoice(draft.id)
    expect(await kit.stripe.invoices.pay(draft.id)).toMatchObject({ status: 'paid' })
    const foreign = await kit.stripe.invoices
      .create({ customer: customer.id, default_payment_method: 'pm_missing' })
      .catch((e: unknown) => e)
    expect(foreign).toMatchObject({ statusCode: 404, param: 'default_payment_method' })
  })

  it('answers a declining card with Stripe’s card error and sends invoice.payment_failed', async () => {
    const customer = await customerWith('pm_card_chargeCustomerFail', 'declined@example.com')
    const draft = await draftFor(customer)
    await kit.stripe.invoices.finalizeInvoice(draft.id)
    const error = await kit.stripe.invoices.pay(draft.id).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError)
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' })
    expect(await kit.stripe.invoices.retrieve(draft.id)).toMatchObject({ status: 'open', attempt_count: 1 })
    await kit.webhooksIdle()
    expect(objectOf(kit.deliveredEvents('invoice.payment_failed')[0])?.id).toBe(draft.id)
    expect(kit.deliveredEvents('invoice.paid')).toEqual([])
  })

  it('is sent with send_invoice and a due date days_until_due ahead; invoice.sent arrives', async () => {
    const customer = await customerWith(null, 'send@example.com')
    const draft = await draftFor(customer, { collection_method: 'send_invoice', days_until_due: 30 })
    expect(draft.due_date).toBe(draft.created + 30 * 86_400)
    const sent = await kit.stripe.invoices.sendInvoice(draft.id)
    expect(sent).toMatchObject({ status: 'open', collection_method: 'send_invoice' })
    await kit.webhooksIdle()
    expect(kit.deliveredEvents().map((e) => e.type)).toEqual(
      expect.arrayContaining(['invoice.finalized', 'invoice.sent']),
    )
    const automatic = await draftFor(customer)
    const refused = await kit.stripe.invoices.sendInvoice(automatic.id).catch((e: unknown) => e)
    expect(refused).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' })
  })

  it('counts days_until_due from finalization, on the customer’s test clock', async () => {
    const start = 1_767_225_600
    const clock = await kit.stripe.testHelpers.testClocks.create({ frozen_time: start })
    const customer = await kit.stripe.customers.create({ email: 'clock-due@example.com', test_clock: clock.id })
    const draft = await draftFor(customer, { collection_method: 'send_invoice', days_until_due: 30 })
    expect(draft).toMatchObject({ created: start, due_date: start + 30 * 86_400 })
    await kit.advanceClock(clock.id, start + 5 * 86_400)
    const open = await kit.stripe.invoices.finalizeInvoice(draft.id)
    expect(open.status_transitions.finalized_at).toBe(start + 5 * 86_400)
    expect(open.due_date).toBe(start + 35 * 86_400)
  })

  it('with auto_advance, is finalized and charged an hour after creation as its test clock passes that time', async () => {
    const start = 1_767_225_600
    const clock = await kit.stripe.testHelpers.testClocks.create({ frozen_time: start })
    const customer = await kit.stripe.customers.create({
      email: 'auto@example.com',
      test_clock: clock.id,
      payment_method: 'pm_card_visa',
    })
    const card = (await kit.stripe.customers.listPaymentMethods(customer.id)).data[0]
    await kit.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card?.id } })
    const automatic = await draftFor(customer, { auto_advance: true })
    const manual = await draftFor(customer)
    expect(automatic.automatically_finalizes_at).toBe(start + 3600)
    expect(automatic.next_payment_attempt).toBe(start + 3600)
    expect(manual.automatically_finalizes_at).toBeNull()
    expect(manual.next_payment_attempt).toBeNull()
    await kit.advanceClock(clock.id, start + 1800)
    expect((await kit.stripe.invoices.retrieve(automatic.id)).status).toBe('draft')
    await kit.advanceClock(clock.id, start + 7200)
    expect(await kit.stripe.invoices.retrieve(automatic.id)).toMatchObject({
      status: 'paid',
      automatically_finalizes_at: null,
      status_transitions: { finalized_at: start + 3600, paid_at: start + 3600 },
    })
    expect((await kit.stripe.invoices.retrieve(manual.id)).status).toBe('draft')
    expect(kit.deliveredEvents('invoice.finalized').map((e) => objectOf(e)?.id)).toEqual([automatic.id])
    expect(kit.deliveredEvents('invoice.paid').map((e) => objectOf(e)?.id)).toEqual([automatic.id])
  })

  it('schedules a draft’s payment attempt with its finalization, and none once auto_advance is off or it is sent', async () => {
    const customer = await customerWith(null, 'attempt@example.com')
    const draft = await draftFor(customer, { auto_advance: true })
    expect(draft.next_payment_attempt).toBe(draft.automatically_finalizes_at)
    const paused = await kit.stripe.invoices.update(draft.id, { auto_advance: false })
    expect(paused).toMatchObject({ automatically_finalizes_at: null, next_payment_attempt: null })
    const resumed = await kit.stripe.invoices.update(draft.id, { auto_advance: true })
    expect(resumed.next_payment_attempt).toBe(resumed.automatically_finalizes_at)
    expect(resumed.next_payment_attempt).toEqual(expect.any(Number))
    const sent = await kit.stripe.invoices.update(draft.id, { collection_method: 'send_invoice', days_until_due: 30 })
    expect(sent).toMatchObject({ auto_advance: true, next_payment_attempt: null })
    expect(sent.automatically_finalizes_at).toEqual(expect.any(Number))
  })

  it('needs a due date for send_invoice and refuses one for charge_automatically', async () => {
    const customer = await customerWith(null, 'due@example.com')
    await expect(
      kit.stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice' }),
    ).rejects.toMatchObject({ param: 'days_until_due' })
    await expect(kit.stripe.invoices.create({ customer: customer.id, days_until_due: 3 })).rejects.toMatchObject({
      param: 'days_until_due',
    })
  })

  it('voids an open invoice and marks another uncollectible, with their events', async () => {
    const customer = await customerWith(null, 'void@example.com')
    const toVoid = await draftFor(customer)
    await kit.stripe.invoices.finalizeInvoice(toVoid.id)
    expect(await kit.stripe.invoices.voidInvoice(toVoid.id)).toMatchObject({ status: 'void', amount_remaining: 0 })
    const toWriteOff = await draftFor(customer)
    await kit.stripe.invoices.finalizeInvoice(toWriteOff.id)
    const written = await kit.stripe.invoices.markUncollectible(toWriteOff.id)
    expect(written.status).toBe('uncollectible')
    expect(written.status_transitions.marked_uncollectible_at).toEqual(expect.any(Number))
    const twice = await kit.stripe.invoices.markUncollectible(toVoid.id).catch((e: unknown) => e)
    expect(twice).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' })
    await kit.webhooksIdle()
    expect(objectOf(kit.deliveredEvents('invoice.voided')[0])?.id).toBe(toVoid.id)
    expect(objectOf(kit.deliveredEvents('invoice.marked_uncollectible')[0])?.id).toBe(toWriteOff.id)
  })

  it('updates every field of a draft but only metadata and description once finalized', async () => {
    const customer = await customerWith(null, 'update@example.com')
    const draft = await draftFor(customer)
    const updated = await kit.stripe.invoices.update(draft.id, {
      collection_method: 'send_invoice',
      due_date: Math.floor(Date.now() / 1000) + 86_400,
      description: 'Edited',
      auto_advance: true,
    })
    expect(updated).toMatchObject({ collection_method: 'send_invoice', description: 'Edited', auto_advance: true })
    await kit.stripe.invoices.finalizeInvoice(draft.id)
    const locked = await kit.stripe.invoices
      .update(draft.id, { collection_method: 'charge_automatically' })
      .catch((e: unknown) => e)
    expect(locked).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' })
    expect(await kit.stripe.invoices.update(draft.id, { metadata: { po: '7' } })).toMatchObject({
      metadata: { po: '7' },
    })
    await kit.webhooksIdle()
    const [first] = kit.deliveredEvents('invoice.updated').filter((e) => objectOf(e)?.description === 'Edited')
    expect(first?.data.previous_attributes).toMatchObject({
      collection_method: 'charge_automatically',
      description: null,
    })
  })

  it('deletes a draft (its items go back to pending) and refuses to delete a finalized one', async () => {
    const customer = await customerWith(null, 'delete@example.com')
    const draft = await draftFor(customer)
    const [item] = (await kit.stripe.invoiceItems.list({ invoice: draft.id })).data
    expect(await kit.stripe.invoices.del(draft.id)).toEqual({ id: draft.id, object: 'invoice', deleted: true })
    await expect(kit.stripe.invoices.retrieve(draft.id)).rejects.toMatchObject({ statusCode: 404 })
    expect((await kit.stripe.invoiceItems.retrieve(item?.id as string)).invoice).toBeNull()
    const open = await draftFor(customer)
    await kit.stripe.invoices.finalizeInvoice(open.id)
    const refused = await kit.stripe.invoices.del(open.id).catch((e: unknown) => e)
    expect(refused).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' })
    await kit.webhooksIdle()
    expect(objectOf(kit.deliveredEvents('invoice.deleted')[0])?.id).toBe(draft.id)
  })
})
