import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'
import { updateConfirmFlow } from './portal-test-flows.js'
import { formWithButton, submitForm, textOf } from './portal-test-forms.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient({ settings: { businessName: 'Acme' } })
})
afterAll(() => client.close())

type AfterCompletion = Stripe.BillingPortal.SessionCreateParams.FlowData.AfterCompletion

const afterCompletions: Array<[string, AfterCompletion]> = [
  ['portal_homepage', { type: 'portal_homepage' }],
  ['redirect', { type: 'redirect', redirect: { return_url: 'https://example.com/flow-done' } }],
  ['hosted_confirmation', { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'See you soon!' } }],
]

async function subscriber(email: string) {
  const { stripe } = client
  const { product, monthly, yearly, customer, subscription } = await subscribedCustomer(stripe, email)
  const config = await stripe.billingPortal.configurations.create({
    features: {
      payment_method_update: { enabled: true },
      subscription_cancel: { enabled: true, mode: 'at_period_end' },
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        products: [{ product: product.id, prices: [monthly.id, yearly.id] }],
      },
    },
  })
  return { monthly, yearly, customer, subscription, config }
}

/** Follows where a finished flow sends the customer and checks it matches `after_completion`. */
async function expectAfterCompletion(
  kind: string,
  response: Response,
  session: Stripe.BillingPortal.Session,
  confirmationHeading: string,
) {
  expect(response.status).toBe(303)
  const location = response.headers.get('location') as string
  if (kind === 'redirect') {
    expect(location).toBe('https://example.com/flow-done')
    return
  }
  const page = await fetch(new URL(location, client.running.url))
  const html = await page.text()
  if (kind === 'hosted_confirmation') {
    expect(html).toContain(`<h1>${confirmationHeading}</h1>`)
    expect(textOf(html)).toContain('See you soon!')
    expect(html).toMatch(/href="https:\/\/example.com\/account">Return to Acme<\/a>/)
    // The link keeps showing the confirmation rather than reopening the flow.
    expect(await (await fetch(session.url)).text()).toContain(`<h1>${confirmationHeading}</h1>`)
    return
  }
  expect(html).toContain('<h1>Billing</h1>')
  expect(await (await fetch(session.url)).text()).toContain('<h1>Billing</h1>')
}

describe('payment_method_update flow', () => {
  it.each(afterCompletions)('opens on the card form and then follows %s', async (kind, afterCompletion) => {
    const { stripe, running } = client
    const { customer, config } = await subscriber(`flow-pm-${kind}@example.com`)
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com/account',
      flow_data: { type: 'payment_method_update', after_completion: afterCompletion },
    })
    const html = await (await fetch(session.url)).text()
    expect(html).toContain('<h1>Update payment method</h1>')
    expect(html).not.toContain('Back to billing overview')
    const response = await submitForm(running.url, formWithButton(html, 'Update payment method'), {
      card_number: '5555555555554444',
      card_expiry: '01/39',
      card_cvc: '123',
    })
    const updated = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer
    const pm = await stripe.paymentMethods.retrieve(updated.invoice_settings.default_payment_method as string)
    expect(pm.card?.last4).toBe('4444')
    await expectAfterCompletion(kind, response, session, 'Payment method updated')
  })
})

describe('subscription_cancel flow', () => {
  it.each(afterCompletions)('opens on the cancel confirmation and then follows %s', async (kind, afterCompletion) => {
    const { stripe, running } = client
    const { customer, subscription, config } = await subscriber(`flow-cancel-${kind}@example.com`)
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com/account',
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: subscription.id },
        after_completion: afterCompletion,
      },
    })
    const html = await (await fetch(session.url)).text()
    expect(html).toContain('<h1>Cancel your subscription</h1>')
    const response = await submitForm(running.url, formWithButton(html, 'Confirm cancellation'))
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true)
    await expectAfterCompletion(kind, response, session, 'Subscription canceled')
  })

  it('allows only the flow’s own action while the flow is open', async () => {
    const { stripe } = client
    const { customer, subscription, config } = await subscriber('flow-cancel-only@example.com')
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com/account',
      flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: subscription.id } },
    })
    expect((await fetch(`${session.url}/payment-method`)).status).toBe(403)
    expect((await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).status).toBe(403)
  })
})

describe('subscription_update flow', () => {
  it.each(afterCompletions)('opens on the plan choice and then follows %s', async (kind, afterCompletion) => {
    const { stripe, running } = client
    const { customer, subscription, config, yearly } = await subscriber(`flow-update-${kind}@example.com`)
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com/account',
      flow_data: {
        type: 'subscription_update',
        subscription_update: { subscription: subscription.id },
        after_completion: afterCompletion,
      },
    })
    const html = await (await fetch(session.url)).text()
    expect(html).toContain('<h1>Switch plan</h1>')
    const review = await submitForm(running.url, formWithButton(html, 'Switch plan'), { price: yearly.id })
    const response = await submitForm(running.url, formWithButton(await review.text(), 'Confirm'))
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(yearly.id)
    await expectAfterCompletion(kind, response, session, 'Plan updated')
  })
})

describe('subscription_update_confirm flow', () => {
  it.each(afterCompletions)('opens on the prepared change and then follows %s', async (kind, afterCompletion) => {
    const { stripe, running } = client
    const { customer, subscription, config, yearly } = await subscriber(`flow-confirm-${kind}@example.com`)
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com/account',
      flow_data: updateConfirmFlow(subscription, yearly.id, { quantity: 2, afterCompletion }),
    })
    const html = await (await fetch(session.url)).text()
    expect(html).toContain('<h1>Confirm your new plan</h1>')
    expect(textOf(html)).toContain('Pro × 2: $200.00 per year')
    const response = await submitForm(running.url, formWithButton(html, 'Confirm'))
    const item = (await stripe.subscriptions.retrieve(subscription.id)).items.data[0]
    expect(item?.price.id).toBe(yearly.id)
    expect(item?.quantity).toBe(2)
    await expectAfterCompletion(kind, response, session, 'Plan updated')
  })
})
