import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateConfirmFlow } from '../pages/portal-test-flows.js'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { missingFixtureKeys } from '../testing/fixture-keys.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'

let client: EmulatorClient
beforeAll(async () => {
  client = await startEmulatorClient()
})
afterAll(() => client.close())

function subscribed(email: string) {
  return subscribedCustomer(client.stripe, email)
}

async function apiError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(Stripe.errors.StripeError)
  return error as Stripe.errors.StripeError
}

describe('billing portal configurations', () => {
  it('has a default configuration from first use, with card updates, invoices and cancel at period end', async () => {
    const { stripe } = client
    const list = await stripe.billingPortal.configurations.list({ is_default: true })
    expect(list.data).toHaveLength(1)
    const config = list.data[0] as Stripe.BillingPortal.Configuration
    expect(config).toMatchObject({
      is_default: true,
      active: true,
      features: {
        payment_method_update: { enabled: true },
        invoice_history: { enabled: true },
        subscription_cancel: { enabled: true, mode: 'at_period_end' },
        subscription_update: { enabled: false },
      },
    })
    const again = await stripe.billingPortal.configurations.list({ is_default: true })
    expect(again.data.map((c) => c.id)).toEqual([config.id])
  })

  it('creates a configuration with plan switching among the given products and retrieves it', async () => {
    const { stripe } = client
    const { product, monthly, yearly } = await subscribed('config-create@example.com')
    const created = await stripe.billingPortal.configurations.create({
      business_profile: { headline: 'Acme billing', privacy_policy_url: 'https://example.com/privacy' },
      default_return_url: 'https://example.com/account',
      features: {
        invoice_history: { enabled: true },
        payment_method_update: { enabled: true },
        subscription_cancel: {
          enabled: true,
          mode: 'immediately',
          proration_behavior: 'create_prorations',
          cancellation_reason: { enabled: true, options: ['too_expensive', 'other'] },
        },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          proration_behavior: 'always_invoice',
          products: [{ product: product.id, prices: [monthly.id, yearly.id] }],
        },
      },
      metadata: { team: 'billing' },
    })
    expect(created.id).toMatch(/^bpc_/)
    expect(created).toMatchObject({
      is_default: false,
      default_return_url: 'https://example.com/account',
      business_profile: { headline: 'Acme billing', privacy_policy_url: 'https://example.com/privacy' },
      features: {
        subscription_cancel: {
          mode: 'immediately',
          proration_behavior: 'create_prorations',
          cancellation_reason: { enabled: true, options: ['too_expensive', 'other'] },
        },
        subscription_update: {
          enabled: true,
          proration_behavior: 'always_invoice',
          products: [{ product: product.id, prices: [monthly.id, yearly.id] }],
        },
      },
      metadata: { team: 'billing' },
    })
    expect(await stripe.billingPortal.configurations.retrieve(created.id)).toEqual(created)
  })

  it('updates a configuration, keeping what the update leaves out', async () => {
    const { stripe } = client
    const created = await stripe.billingPortal.configurations.create({
      features: { invoice_history: { enabled: true }, subscription_cancel: { enabled: true } },
    })
    const updated = await stripe.billingPortal.configurations.update(created.id, {
      active: false,
      features: { subscription_cancel: { mode: 'immediately' } },
    })
    expect(updated.active).toBe(false)
    expect(updated.features.subscription_cancel).toMatchObject({ enabled: true, mode: 'immediately' })
    expect(updated.features.invoice_history.enabled).toBe(true)
    const inactive = await stripe.billingPortal.configurations.list({ active: false })
    expect(inactive.data.map((c) => c.id)).toContain(created.id)
    const active = await stripe.billingPortal.configurations.list({ active: true })
    expect(active.data.map((c) => c.id)).not.toContain(created.id)
  })

  it('emits billing_portal.configuration.created and .updated', async () => {
    const { stripe } = client
    const created = await stripe.billingPortal.configurations.create({
      features: { invoice_history: { enabled: false } },
    })
    await stripe.billingPortal.configurations.update(created.id, { name: 'Renamed' })
    const events = await stripe.events.list({ limit: 20 })
    const forConfig = events.data.filter((e) => (e.data.object as { id?: string }).id === created.id)
    expect(forConfig.map((e) => e.type)).toEqual([
      'billing_portal.configuration.updated',
      'billing_portal.configuration.created',
    ])
  })

  it('requires features on create', async () => {
    const error = await apiError(
      client.stripe.billingPortal.configurations.create({} as Stripe.BillingPortal.ConfigurationCreateParams),
    )
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'features' })
  })

  it('requires products when plan switching is enabled', async () => {
    const error = await apiError(
      client.stripe.billingPortal.configurations.create({
        features: { subscription_update: { enabled: true, default_allowed_updates: ['price'] } },
      }),
    )
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'features[subscription_update][products]',
    })
  })

  it('refuses an unknown product and a price of another product', async () => {
    const { stripe } = client
    const unknown = await apiError(
      stripe.billingPortal.configurations.create({
        features: {
          subscription_update: {
            enabled: true,
            default_allowed_updates: ['price'],
            products: [{ product: 'prod_missing', prices: ['price_missing'] }],
          },
        },
      }),
    )
    expect(unknown).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'features[subscription_update][products][0][product]',
    })
    const a = await subscribed('config-mismatch@example.com')
    const other = await stripe.products.create({ name: 'Other' })
    const mismatch = await apiError(
      stripe.billingPortal.configurations.create({
        features: {
          subscription_update: {
            enabled: true,
            default_allowed_updates: ['price'],
            products: [{ product: other.id, prices: [a.monthly.id] }],
          },
        },
      }),
    )
    expect(mismatch).toMatchObject({
      statusCode: 400,
      param: 'features[subscription_update][products][0][prices][0]',
    })
  })

  it('refuses prorations when canceling at period end', async () => {
    const error = await apiError(
      client.stripe.billingPortal.configurations.create({
        features: {
          subscription_cancel: { enabled: true, mode: 'at_period_end', proration_behavior: 'create_prorations' },
        },
      }),
    )
    expect(error).toMatchObject({ statusCode: 400, param: 'features[subscription_cancel][proration_behavior]' })
  })

  it('refuses to deactivate the default configuration', async () => {
    const { stripe } = client
    const [config] = (await stripe.billingPortal.configurations.list({ is_default: true })).data
    const error = await apiError(stripe.billingPortal.configurations.update(config?.id as string, { active: false }))
    expect(error).toMatchObject({ statusCode: 400, param: 'active' })
  })

  it('answers 404 for an unknown configuration', async () => {
    const error = await apiError(client.stripe.billingPortal.configurations.retrieve('bpc_missing'))
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })

  it('has every top-level key of Stripe’s fixture configuration', async () => {
    const config = await client.stripe.billingPortal.configurations.create({
      features: { invoice_history: { enabled: true } },
    })
    expect(missingFixtureKeys('billing_portal.configuration', config)).toEqual([])
    expect(Object.keys(config.features).sort()).toEqual([
      'customer_update',
      'invoice_history',
      'payment_method_update',
      'subscription_cancel',
      'subscription_pause',
      'subscription_update',
    ])
  })
})

describe('billing portal sessions', () => {
  it('creates a session on the default configuration with a URL on the emulator', async () => {
    const { stripe, running } = client
    const customer = await stripe.customers.create({ email: 'portal@example.com' })
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://example.com/account',
      locale: 'fr',
    })
    const [defaultConfig] = (await stripe.billingPortal.configurations.list({ is_default: true })).data
    expect(session).toMatchObject({
      object: 'billing_portal.session',
      customer: customer.id,
      configuration: defaultConfig?.id,
      return_url: 'https://example.com/account',
      locale: 'fr',
      flow: null,
      livemode: false,
    })
    expect(session.url).toBe(`${running.url}/p/session/${session.id}`)
  })

  it('expands the configuration', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'portal-expand@example.com' })
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://example.com/account',
      expand: ['configuration'],
    })
    expect((session.configuration as Stripe.BillingPortal.Configuration).object).toBe('billing_portal.configuration')
  })

  it('emits billing_portal.session.created', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'portal-event@example.com' })
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://example.com/account',
    })
    const events = await stripe.events.list({ type: 'billing_portal.session.created', limit: 5 })
    expect(events.data.map((e) => (e.data.object as Stripe.BillingPortal.Session).id)).toContain(session.id)
  })

  it('uses the configuration’s default_return_url when return_url is left out', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'portal-default-return@example.com' })
    const config = await stripe.billingPortal.configurations.create({
      default_return_url: 'https://example.com/billing',
      features: { invoice_history: { enabled: true } },
    })
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: config.id })
    expect(session.return_url).toBe('https://example.com/billing')
    expect(session.configuration).toBe(config.id)
  })

  it('creates a session without return_url when the configuration has no default, and its page offers no way back', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'portal-no-return@example.com' })
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id })
    expect(session.return_url).toBeNull()
    const page = await fetch(session.url)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<h1>Billing</h1>')
    expect(html).not.toMatch(/Return to/)
  })

  it('refuses an unknown customer', async () => {
    const error = await apiError(
      client.stripe.billingPortal.sessions.create({ customer: 'cus_missing', return_url: 'https://example.com' }),
    )
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'customer' })
  })

  it('refuses an unknown configuration and an inactive one', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'portal-bad-config@example.com' })
    const unknown = await apiError(
      stripe.billingPortal.sessions.create({
        customer: customer.id,
        configuration: 'bpc_missing',
        return_url: 'https://example.com',
      }),
    )
    expect(unknown).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'configuration' })
    const config = await stripe.billingPortal.configurations.create({
      features: { invoice_history: { enabled: true } },
    })
    await stripe.billingPortal.configurations.update(config.id, { active: false })
    const inactive = await apiError(
      stripe.billingPortal.sessions.create({
        customer: customer.id,
        configuration: config.id,
        return_url: 'https://example.com',
      }),
    )
    expect(inactive).toMatchObject({ statusCode: 400, param: 'configuration' })
  })

  it('records a subscription_cancel flow with a redirect after completion', async () => {
    const { stripe } = client
    const { customer, subscription } = await subscribed('flow-cancel@example.com')
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://example.com/account',
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: subscription.id },
        after_completion: { type: 'redirect', redirect: { return_url: 'https://example.com/canceled' } },
      },
    })
    expect(session.flow).toEqual({
      type: 'subscription_cancel',
      after_completion: {
        type: 'redirect',
        redirect: { return_url: 'https://example.com/canceled' },
        hosted_confirmation: null,
      },
      subscription_cancel: { subscription: subscription.id, retention: null },
      subscription_update: null,
      subscription_update_confirm: null,
      subscription_pause: null,
      customer_update: null,
    })
  })

  it('defaults after_completion to the portal homepage and keeps a hosted confirmation message', async () => {
    const { stripe } = client
    const { customer } = await subscribed('flow-pm@example.com')
    const plain = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://example.com/account',
      flow_data: { type: 'payment_method_update' },
    })
    expect(plain.flow?.after_completion).toEqual({ type: 'portal_homepage', redirect: null, hosted_confirmation: null })
    const confirmed = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://example.com/account',
      flow_data: {
        type: 'payment_method_update',
        after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Thanks!' } },
      },
    })
    expect(confirmed.flow?.after_completion).toEqual({
      type: 'hosted_confirmation',
      hosted_confirmation: { custom_message: 'Thanks!' },
      redirect: null,
    })
  })

  it('refuses a redirect after completion without its return_url', async () => {
    const { stripe } = client
    const { customer } = await subscribed('flow-redirect-missing@example.com')
    const error = await apiError(
      stripe.billingPortal.sessions.create({
        customer: customer.id,
        return_url: 'https://example.com/account',
        flow_data: {
          type: 'payment_method_update',
          after_completion: { type: 'redirect' } as Stripe.BillingPortal.SessionCreateParams.FlowData.AfterCompletion,
        },
      }),
    )
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'flow_data[after_completion][redirect][return_url]',
    })
  })

  it('refuses a flow on a subscription of another customer', async () => {
    const { stripe } = client
    const owner = await subscribed('flow-owner@example.com')
    const stranger = await stripe.customers.create({ email: 'flow-stranger@example.com' })
    const error = await apiError(
      stripe.billingPortal.sessions.create({
        customer: stranger.id,
        return_url: 'https://example.com/account',
        flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: owner.subscription.id } },
      }),
    )
    expect(error).toMatchObject({ statusCode: 400, param: 'flow_data[subscription_cancel][subscription]' })
  })

  it('refuses an unknown subscription in a flow', async () => {
    const { stripe } = client
    const { customer } = await subscribed('flow-unknown-sub@example.com')
    const error = await apiError(
      stripe.billingPortal.sessions.create({
        customer: customer.id,
        return_url: 'https://example.com/account',
        flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: 'sub_missing' } },
      }),
    )
    expect(error).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'flow_data[subscription_cancel][subscription]',
    })
  })

  it('refuses cancel and update flows on a canceled subscription', async () => {
    const { stripe } = client
    const { customer, subscription, product, monthly } = await subscribed('flow-canceled@example.com')
    await stripe.subscriptions.cancel(subscription.id)
    const cancel = await apiError(
      stripe.billingPortal.sessions.create({
        customer: customer.id,
        return_url: 'https://example.com/account',
        flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: subscription.id } },
      }),
    )
    expect(cancel).toMatchObject({ statusCode: 400, param: 'flow_data[subscription_cancel][subscription]' })
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          products: [{ product: product.id, prices: [monthly.id] }],
        },
      },
    })
    const update = await apiError(
      stripe.billingPortal.sessions.create({
        customer: customer.id,
        configuration: config.id,
        return_url: 'https://example.com/account',
        flow_data: { type: 'subscription_update', subscription_update: { subscription: subscription.id } },
      }),
    )
    expect(update).toMatchObject({ statusCode: 400, param: 'flow_data[subscription_update][subscription]' })
  })

  it('refuses a subscription_update flow when the configuration has plan switching disabled', async () => {
    const { stripe } = client
    const { customer, subscription } = await subscribed('flow-update-disabled@example.com')
    const error = await apiError(
      stripe.billingPortal.sessions.create({
        customer: customer.id,
        return_url: 'https://example.com/account',
        flow_data: { type: 'subscription_update', subscription_update: { subscription: subscription.id } },
      }),
    )
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(error).toMatchObject({ statusCode: 400, param: 'flow_data[type]' })
  })

  it('records a subscription_update_confirm flow with items of allowed prices', async () => {
    const { stripe } = client
    const { customer, subscription, product, monthly, yearly } = await subscribed('flow-confirm@example.com')
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          products: [{ product: product.id, prices: [monthly.id, yearly.id] }],
        },
      },
    })
    const itemId = subscription.items.data[0]?.id as string
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      return_url: 'https://example.com/account',
      flow_data: updateConfirmFlow(subscription, yearly.id, { quantity: 1 }),
    })
    expect(session.flow?.subscription_update_confirm).toEqual({
      subscription: subscription.id,
      items: [{ id: itemId, price: yearly.id, quantity: 1 }],
      discounts: [],
    })
  })

  it('refuses a subscription_update_confirm flow without items, with an unknown item, or with a price the configuration does not offer', async () => {
    const { stripe } = client
    const { customer, subscription, product, monthly } = await subscribed('flow-confirm-bad@example.com')
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          products: [{ product: product.id, prices: [monthly.id] }],
        },
      },
    })
    const other = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 9900,
      recurring: { interval: 'month' },
    })
    const create = (confirm: Stripe.BillingPortal.SessionCreateParams.FlowData.SubscriptionUpdateConfirm) =>
      apiError(
        stripe.billingPortal.sessions.create({
          customer: customer.id,
          configuration: config.id,
          return_url: 'https://example.com/account',
          flow_data: { type: 'subscription_update_confirm', subscription_update_confirm: confirm },
        }),
      )
    const noItems = await create({ subscription: subscription.id, items: [] })
    expect(noItems).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'flow_data[subscription_update_confirm][items]',
    })
    const unknownItem = await create({
      subscription: subscription.id,
      items: [{ id: 'si_missing', price: monthly.id }],
    })
    expect(unknownItem).toMatchObject({
      statusCode: 400,
      param: 'flow_data[subscription_update_confirm][items][0][id]',
    })
    const notOffered = await create({
      subscription: subscription.id,
      items: [{ id: subscription.items.data[0]?.id as string, price: other.id }],
    })
    expect(notOffered).toMatchObject({
      statusCode: 400,
      param: 'flow_data[subscription_update_confirm][items][0][price]',
    })
  })

  it('refuses a flow object that does not match the flow type', async () => {
    const { stripe } = client
    const { customer, subscription } = await subscribed('flow-mismatch@example.com')
    const error = await apiError(
      stripe.billingPortal.sessions.create({
        customer: customer.id,
        return_url: 'https://example.com/account',
        flow_data: { type: 'payment_method_update', subscription_cancel: { subscription: subscription.id } },
      }),
    )
    expect(error).toMatchObject({ statusCode: 400, param: 'flow_data[subscription_cancel]' })
  })

  it('has every top-level key of Stripe’s fixture session', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: 'portal-shape@example.com' })
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://example.com/account',
    })
    expect(missingFixtureKeys('billing_portal.session', session)).toEqual([])
  })
})
