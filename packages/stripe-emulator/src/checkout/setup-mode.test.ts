import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { formWithButton, submitForm, textOf } from '../pages/portal-test-forms.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator({ settings: { businessName: 'Acme' } })
})
afterAll(() => kit.close())
beforeEach(() => kit.reset())

describe('given a Checkout Session in setup mode', () => {
  it('creates a SetupIntent, saves the card without charging and completes with setup_intent', async () => {
    const { stripe } = kit
    const customer = await stripe.customers.create({ email: 'setup-checkout@example.com' })
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      currency: 'usd',
      setup_intent_data: { metadata: { reason: 'card-update' } },
      success_url: 'https://example.com/done?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://example.com/cancel',
    })
    expect(session).toMatchObject({
      mode: 'setup',
      status: 'open',
      currency: 'usd',
      amount_total: null,
      payment_status: 'no_payment_required',
      subscription: null,
    })
    const intent = await stripe.setupIntents.retrieve(session.setup_intent as string)
    expect(intent).toMatchObject({
      status: 'requires_payment_method',
      customer: customer.id,
      metadata: { reason: 'card-update' },
    })

    const page = await (await fetch(session.url as string)).text()
    expect(textOf(page)).toContain('Save a card for future payments')
    expect(textOf(page)).toContain('Acme will charge this card for future payments. Nothing is charged today.')
    for (const label of ['Card number', 'Expiration date', 'Security code (CVC)']) expect(page).toContain(label)
    const done = await submitForm(kit.url, formWithButton(page, 'Save card'), {
      card_number: '4242 4242 4242 4242',
      card_expiry: '12/40',
      card_cvc: '123',
    })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe(`https://example.com/done?session=${session.id}`)

    const again = await fetch(`${kit.url}/c/pay/${session.id}`)
    expect(textOf(await again.text())).toContain('Your card has already been saved.')
    const completed = await stripe.checkout.sessions.retrieve(session.id)
    expect(completed).toMatchObject({ status: 'complete', setup_intent: intent.id, url: null })
    const succeeded = await stripe.setupIntents.retrieve(intent.id)
    expect(succeeded.status).toBe('succeeded')
    const pm = await stripe.paymentMethods.retrieve(succeeded.payment_method as string)
    expect(pm).toMatchObject({ customer: customer.id, card: { last4: '4242', exp_year: 2040 } })
    expect((await stripe.invoices.list({ customer: customer.id })).data).toHaveLength(0)

    await kit.webhooksIdle()
    expect(kit.deliveredEvents().map((e) => e.type)).toEqual([
      'customer.created',
      'setup_intent.created',
      'payment_method.attached',
      'setup_intent.succeeded',
      'checkout.session.completed',
    ])
    const event = kit.deliveredEvents('checkout.session.completed')[0]?.data.object as Stripe.Checkout.Session
    expect(event).toMatchObject({ mode: 'setup', setup_intent: intent.id, customer: customer.id })
  })

  it('shows a declined card on the page and keeps the session open', async () => {
    const { stripe } = kit
    const customer = await stripe.customers.create({ email: 'setup-checkout-declined@example.com' })
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      currency: 'usd',
      success_url: 'https://example.com/done',
    })
    const page = await (await fetch(session.url as string)).text()
    const response = await submitForm(kit.url, formWithButton(page, 'Save card'), {
      card_number: '4000 0000 0000 0002',
      card_expiry: '12/40',
      card_cvc: '123',
    })
    expect(response.status).toBe(402)
    expect(await response.text()).toMatch(/<p role="alert" id="form-error" class="error">Your card was declined.<\/p>/)
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open')
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('setup_intent.setup_failed')).toHaveLength(1)
    expect(kit.deliveredEvents('checkout.session.completed')).toHaveLength(0)
  })

  it('refuses line_items and a missing currency as Stripe does', async () => {
    const { stripe } = kit
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
      product_data: { name: 'Pro' },
    })
    await expect(
      stripe.checkout.sessions.create({
        mode: 'setup',
        currency: 'usd',
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: 'https://example.com/done',
      }),
    ).rejects.toMatchObject({ param: 'line_items' })
    await expect(
      stripe.checkout.sessions.create({ mode: 'setup', success_url: 'https://example.com/done' }),
    ).rejects.toMatchObject({ code: 'parameter_missing', param: 'currency' })
  })
})

describe('given setup mode with a discount', () => {
  it('refuses discounts and allow_promotion_codes, which only payment and subscription mode take', async () => {
    const { stripe } = kit
    const customer = await stripe.customers.create({ email: 'setup-discount@example.com' })
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once' })
    const base = {
      mode: 'setup' as const,
      customer: customer.id,
      currency: 'usd',
      success_url: 'https://example.com/done',
      cancel_url: 'https://example.com/cancel',
    }
    await expect(
      stripe.checkout.sessions.create({ ...base, discounts: [{ coupon: coupon.id }] }),
    ).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'discounts',
    })
    await expect(stripe.checkout.sessions.create({ ...base, allow_promotion_codes: true })).rejects.toMatchObject({
      param: 'allow_promotion_codes',
    })
  })
})
