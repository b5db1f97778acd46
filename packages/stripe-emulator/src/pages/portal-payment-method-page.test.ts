import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'
import { formWithButton, submitForm } from './portal-test-forms.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())
beforeEach(() => kit.reset())

async function cardPage(customer: string, flow?: Stripe.BillingPortal.SessionCreateParams.FlowData) {
  const session = await kit.stripe.billingPortal.sessions.create({
    customer,
    return_url: 'https://example.com/account',
    ...(flow ? { flow_data: flow } : {}),
  })
  const url = flow ? session.url : `${session.url}/payment-method`
  return { session, page: await (await fetch(url)).text() }
}

describe('given the portal card form', () => {
  it('sets the card up through a SetupIntent, attaches it, then makes it the default', async () => {
    const { stripe } = kit
    const { customer } = await subscribedCustomer(stripe, 'setup-card@example.com')
    const { page } = await cardPage(customer.id)
    await kit.webhooksIdle()
    kit.webhooks.clear()
    const done = await submitForm(kit.url, formWithButton(page, 'Update payment method'), {
      card_number: '5555 5555 5555 4444',
      card_expiry: '10/40',
      card_cvc: '123',
    })
    expect(done.status).toBe(303)
    await kit.webhooksIdle()
    expect(kit.deliveredEvents().map((e) => e.type)).toEqual([
      'setup_intent.created',
      'payment_method.attached',
      'setup_intent.succeeded',
      'customer.updated',
    ])
    const intent = kit.deliveredEvents('setup_intent.succeeded')[0]?.data.object as Stripe.SetupIntent
    expect(intent).toMatchObject({ customer: customer.id, usage: 'off_session', status: 'succeeded' })
    const updated = kit.deliveredEvents('customer.updated')[0]?.data.object as Stripe.Customer
    expect(updated.invoice_settings.default_payment_method).toBe(intent.payment_method)
    expect((await stripe.setupIntents.list({ customer: customer.id })).data).toHaveLength(1)
  })

  it('records a declined card as setup_intent.setup_failed and keeps the old default', async () => {
    const { stripe } = kit
    const { customer } = await subscribedCustomer(stripe, 'setup-declined@example.com')
    const before = ((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings
    const { page } = await cardPage(customer.id)
    const response = await submitForm(kit.url, formWithButton(page, 'Update payment method'), {
      card_number: '4000 0000 0000 0002',
      card_expiry: '10/40',
      card_cvc: '123',
    })
    expect(response.status).toBe(402)
    expect(await response.text()).toContain('Your card was declined.')
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('setup_intent.setup_failed')).toHaveLength(1)
    expect(kit.deliveredEvents('setup_intent.succeeded')).toHaveLength(0)
    const after = ((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings
    expect(after.default_payment_method).toBe(before.default_payment_method)
  })

  it('passes 3D Secure for a card that needs it, as the customer would in the hosted page', async () => {
    const { stripe } = kit
    const { customer } = await subscribedCustomer(stripe, 'setup-3ds@example.com')
    const { page } = await cardPage(customer.id)
    await submitForm(kit.url, formWithButton(page, 'Update payment method'), {
      card_number: '4000 0027 6000 3184',
      card_expiry: '10/40',
      card_cvc: '123',
    })
    const [intent] = (await stripe.setupIntents.list({ customer: customer.id })).data
    expect(intent?.status).toBe('succeeded')
  })

  it('returns to the app after a deep-linked payment_method_update flow', async () => {
    const { stripe } = kit
    const { customer } = await subscribedCustomer(stripe, 'setup-flow@example.com')
    const { page } = await cardPage(customer.id, {
      type: 'payment_method_update',
      after_completion: { type: 'redirect', redirect: { return_url: 'https://example.com/billing?updated=1' } },
    })
    const done = await submitForm(kit.url, formWithButton(page, 'Update payment method'), {
      card_number: '4242 4242 4242 4242',
      card_expiry: '10/40',
      card_cvc: '123',
    })
    expect(done.headers.get('location')).toBe('https://example.com/billing?updated=1')
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('setup_intent.succeeded')).toHaveLength(1)
  })
})
