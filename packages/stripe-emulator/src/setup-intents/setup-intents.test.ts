import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { missingFixtureKeys } from '../testing/fixture-keys.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())
beforeEach(() => kit.reset())

describe('given a SetupIntent for a customer', () => {
  it('confirms with pm_card_visa: the card attaches to the customer and the intent succeeds', async () => {
    const { stripe } = kit
    const customer = await stripe.customers.create({ email: 'setup@example.com' })
    const intent = await stripe.setupIntents.create({
      customer: customer.id,
      allowed_payment_method_types: ['card'],
      usage: 'off_session',
      metadata: { order: '42' },
    })
    expect(intent).toMatchObject({
      object: 'setup_intent',
      status: 'requires_payment_method',
      customer: customer.id,
      usage: 'off_session',
      allowed_payment_method_types: ['card'],
      payment_method_types: ['card'],
      metadata: { order: '42' },
      payment_method: null,
    })
    expect(missingFixtureKeys('setup_intent', intent)).toEqual([])
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`))

    const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })
    expect(confirmed.status).toBe('succeeded')
    const pm = await stripe.paymentMethods.retrieve(confirmed.payment_method as string)
    expect(pm).toMatchObject({ customer: customer.id, card: { last4: '4242' } })

    await kit.webhooksIdle()
    expect(kit.deliveredEvents().map((e) => e.type)).toEqual([
      'customer.created',
      'setup_intent.created',
      'payment_method.attached',
      'setup_intent.succeeded',
    ])
    const succeeded = kit.deliveredEvents('setup_intent.succeeded')[0]?.data.object as Stripe.SetupIntent
    expect(succeeded.payment_method).toBe(pm.id)
    expect((await stripe.setupIntents.list({ customer: customer.id })).data.map((i) => i.id)).toEqual([intent.id])
  })

  it('answers a declined card with a card_error, keeps the intent open and emits setup_intent.setup_failed', async () => {
    const { stripe } = kit
    const customer = await stripe.customers.create({ email: 'setup-declined@example.com' })
    const intent = await stripe.setupIntents.create({ customer: customer.id })
    const error = await stripe.setupIntents
      .confirm(intent.id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      type: 'StripeCardError',
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'insufficient_funds',
    })
    expect((error as { raw: { setup_intent?: { id: string } } }).raw.setup_intent?.id).toBe(intent.id)
    const after = await stripe.setupIntents.retrieve(intent.id)
    expect(after).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      last_setup_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    })
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('setup_intent.setup_failed')).toHaveLength(1)
    expect(kit.deliveredEvents('payment_method.attached')).toHaveLength(0)

    const retried = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_mastercard' })
    expect(retried).toMatchObject({ status: 'succeeded', last_setup_error: null })
  })

  it('turns requires_action for a card that needs authentication', async () => {
    const { stripe } = kit
    const intent = await stripe.setupIntents.create({
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
    })
    expect(intent).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } })
  })

  it('updates metadata and payment_method, cancels, and refuses to confirm or cancel again', async () => {
    const { stripe } = kit
    const intent = await stripe.setupIntents.create({})
    const updated = await stripe.setupIntents.update(intent.id, {
      metadata: { plan: 'pro' },
      payment_method: 'pm_card_visa',
    })
    expect(updated).toMatchObject({ status: 'requires_confirmation', metadata: { plan: 'pro' } })
    expect(updated.payment_method).toMatch(/^pm_/)
    const canceled = await stripe.setupIntents.cancel(intent.id, { cancellation_reason: 'abandoned' })
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' })
    await expect(stripe.setupIntents.confirm(intent.id)).rejects.toMatchObject({
      code: 'setup_intent_unexpected_state',
      message: 'You cannot confirm this SetupIntent because it has a status of canceled.',
    })
    await expect(stripe.setupIntents.cancel(intent.id)).rejects.toMatchObject({ code: 'setup_intent_unexpected_state' })
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('setup_intent.canceled')).toHaveLength(1)
  })

  it('refuses payment method types other than card and unknown intents', async () => {
    const { stripe } = kit
    await expect(stripe.setupIntents.create({ allowed_payment_method_types: ['sepa_debit'] })).rejects.toMatchObject({
      param: 'allowed_payment_method_types',
    })
    await expect(stripe.setupIntents.retrieve('seti_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    })
  })
})
