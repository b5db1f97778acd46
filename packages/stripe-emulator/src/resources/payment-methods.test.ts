import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCardPaymentMethod, setDefaultPaymentMethod } from '../payment-methods/payment-method.js'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { missingFixtureKeys } from '../testing/fixture-keys.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

function eventsOfType(type: string, objectId: string) {
  return client.running.emulator.state
    .list<{ id: string; object: string; type: string; data: { object: { id: string } } }>('event')
    .filter((e) => e.type === type && e.data.object.id === objectId)
}

describe('payment methods', () => {
  it('attaches pm_card_visa as a new pm_ card with brand, last4 and expiry, and emits payment_method.attached', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'visa@example.com' })
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    expect(pm.id).toMatch(/^pm_/)
    expect(pm.id).not.toBe('pm_card_visa')
    expect(pm).toMatchObject({ type: 'card', customer: customer.id, card: { brand: 'visa', last4: '4242' } })
    expect(pm.card?.exp_year).toBeGreaterThan(new Date().getUTCFullYear())
    expect(eventsOfType('payment_method.attached', pm.id)).toHaveLength(1)
  })

  it('attaches a mastercard and pm_card_chargeCustomerFail, whose charges fail later, at attach time fine', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'mc@example.com' })
    const mastercard = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id })
    expect(mastercard.card).toMatchObject({ brand: 'mastercard', last4: '4444' })
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
    expect(failing.card).toMatchObject({ brand: 'visa', last4: '0341' })
  })

  it('declines pm_card_chargeDeclined at attach time with a card_error', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'declined@example.com' })
    const error = await stripe.paymentMethods
      .attach('pm_card_chargeDeclined', { customer: customer.id })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError)
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' })
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toEqual([])
  })

  it('creates a card payment method from card[token]=tok_visa and attaches it', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'token@example.com' })
    const pm = await stripe.paymentMethods.create({
      type: 'card',
      card: { token: 'tok_mastercard' },
      billing_details: { name: 'Ada Lovelace' },
    })
    expect(pm).toMatchObject({
      customer: null,
      card: { brand: 'mastercard' },
      billing_details: { name: 'Ada Lovelace' },
    })
    const attached = await stripe.paymentMethods.attach(pm.id, { customer: customer.id })
    expect(attached.customer).toBe(customer.id)
  })

  it('refuses to attach a payment method that belongs to another customer', async () => {
    const { stripe } = client
    const owner = await stripe.customers.create({ email: 'owner@example.com' })
    const other = await stripe.customers.create({ email: 'other@example.com' })
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: owner.id })
    const error = await stripe.paymentMethods.attach(pm.id, { customer: other.id }).catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' })
  })

  it('answers an unknown payment method with a 404', async () => {
    const error = await client.stripe.paymentMethods.retrieve('pm_missing').catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })

  it('attaches the payment_method given on customer create', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'oncreate@example.com', payment_method: 'pm_card_visa' })
    const list = await stripe.customers.listPaymentMethods(customer.id, { type: 'card' })
    expect(list.data).toHaveLength(1)
    expect(list.data[0]?.card?.last4).toBe('4242')
  })

  it('detaches: clears the customer default, emits payment_method.detached and customer.updated', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'detach@example.com' })
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
    const detached = await stripe.paymentMethods.detach(pm.id)
    expect(detached.customer).toBeNull()
    const after = await stripe.customers.retrieve(customer.id)
    expect((after as Stripe.Customer).invoice_settings.default_payment_method).toBeNull()
    expect(eventsOfType('payment_method.detached', pm.id)).toHaveLength(1)
    const updates = eventsOfType('customer.updated', customer.id)
    expect(updates.length).toBeGreaterThanOrEqual(2)
    const again = await stripe.paymentMethods.detach(pm.id).catch((e: unknown) => e)
    expect(again).toMatchObject({ statusCode: 400 })
  })

  it('lists a customer’s payment methods by customer and type, newest first', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'list@example.com' })
    const a = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const b = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id })
    const viaList = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' })
    expect(viaList.data.map((pm) => pm.id)).toEqual([b.id, a.id])
    const viaCustomer = await stripe.customers.listPaymentMethods(customer.id)
    expect(viaCustomer.data.map((pm) => pm.id)).toEqual([b.id, a.id])
    const one = await stripe.customers.retrievePaymentMethod(customer.id, a.id)
    expect(one.id).toBe(a.id)
  })

  it('updates billing details and metadata of an attached payment method', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'update-pm@example.com' })
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const updated = await stripe.paymentMethods.update(pm.id, {
      billing_details: { email: 'billing@example.com' },
      metadata: { source: 'test' },
    })
    expect(updated).toMatchObject({ billing_details: { email: 'billing@example.com' }, metadata: { source: 'test' } })
  })

  it('has every top-level key of Stripe’s fixture payment_method', async () => {
    const pm = await client.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } })
    expect(missingFixtureKeys('payment_method', pm)).toEqual([])
  })
})

describe('raw card numbers for hosted pages', () => {
  const expYear = new Date().getUTCFullYear() + 2

  it('creates a visa from 4242424242424242 and a mastercard from 5555555555554444', () => {
    const { emulator } = client.running
    expect(
      createCardPaymentMethod(emulator, { number: '4242 4242 4242 4242', expMonth: 12, expYear }).card,
    ).toMatchObject({ brand: 'visa', last4: '4242' })
    expect(createCardPaymentMethod(emulator, { number: '5555555555554444', expMonth: 1, expYear }).card).toMatchObject({
      brand: 'mastercard',
      last4: '4444',
    })
  })

  it('declines 4000000000000002 with card_declined and rejects a number failing Luhn with incorrect_number', () => {
    const { emulator } = client.running
    expect(() => createCardPaymentMethod(emulator, { number: '4000000000000002', expMonth: 12, expYear })).toThrow(
      expect.objectContaining({ status: 402, type: 'card_error', code: 'card_declined' }),
    )
    expect(() => createCardPaymentMethod(emulator, { number: '4242424242424241', expMonth: 12, expYear })).toThrow(
      expect.objectContaining({ status: 402, type: 'card_error', code: 'incorrect_number' }),
    )
  })

  it('rejects an expired card with expired_card', () => {
    const { emulator } = client.running
    expect(() => createCardPaymentMethod(emulator, { number: '4242424242424242', expMonth: 1, expYear: 2020 })).toThrow(
      expect.objectContaining({ code: 'expired_card' }),
    )
  })

  it('sets the default payment method with setDefaultPaymentMethod, which refuses a card of another customer', async () => {
    const { stripe } = client
    const { emulator } = client.running
    const customer = await stripe.customers.create({ email: 'default@example.com' })
    const stranger = await stripe.customers.create({ email: 'stranger@example.com' })
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    setDefaultPaymentMethod(emulator, customer.id, pm.id)
    const after = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer
    expect(after.invoice_settings.default_payment_method).toBe(pm.id)
    expect(() => setDefaultPaymentMethod(emulator, stranger.id, pm.id)).toThrow(
      expect.objectContaining({ status: 400 }),
    )
  })
})

describe('a test token given as payment_method and default on customer create', () => {
  it('becomes the customer’s default card', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({
      email: 'token-default@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    })
    const pmId = customer.invoice_settings.default_payment_method as string
    expect(pmId).toMatch(/^pm_/)
    expect(pmId).not.toBe('pm_card_visa')
    expect((await stripe.paymentMethods.retrieve(pmId)).customer).toBe(customer.id)
  })
})
