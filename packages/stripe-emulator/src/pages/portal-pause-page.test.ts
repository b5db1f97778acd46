import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'
import { day, longDate, start } from './portal-test-dates.js'
import { formWithButton, submitForm, textOf } from './portal-test-forms.js'
import { pauseFeature } from './portal-test-pause.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())
beforeEach(() => kit.reset())

async function subscriberOnClock() {
  const { stripe } = kit
  const price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 2000,
    recurring: { interval: 'month' },
    product_data: { name: 'Pro' },
  })
  const { clock, customer } = await customerOnTestClock(stripe, {
    frozenTime: start,
    email: 'portal-pause@example.com',
  })
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
  return { clock, customer, subscription }
}

describe('given a portal configuration with subscription_pause', () => {
  it('stores the feature in the pinned shape, defaulting to one month, and validates durations', async () => {
    const { stripe } = kit
    const config = await stripe.billingPortal.configurations.create({
      name: 'Pausable',
      features: { subscription_pause: { enabled: true } },
    })
    expect(config.name).toBe('Pausable')
    expect(config.features.subscription_pause).toEqual({
      enabled: true,
      duration: { type: 'interval_options', interval_options: [{ interval: 'month', interval_count: 1 }] },
    })
    const indefinite = await stripe.billingPortal.configurations.update(config.id, {
      features: { subscription_pause: { duration: { type: 'indefinite' } } },
    })
    expect(indefinite.features.subscription_pause.duration).toEqual({ type: 'indefinite', interval_options: [] })
    await expect(
      stripe.billingPortal.configurations.update(config.id, {
        features: { subscription_pause: { duration: { type: 'interval_options' } } },
      }),
    ).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'features[subscription_pause][duration][interval_options]',
    })
    await expect(
      stripe.billingPortal.configurations.update(config.id, {
        features: {
          subscription_pause: {
            duration: { type: 'interval_options', interval_options: [{ interval: 'month', interval_count: 37 }] },
          },
        },
      }),
    ).rejects.toMatchObject({ param: 'features[subscription_pause][duration][interval_options][0][interval_count]' })
  })

  it('pauses from the overview for a chosen duration, voids the renewal, and resumes on the test clock', async () => {
    const { stripe } = kit
    const { clock, customer, subscription } = await subscriberOnClock()
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_pause: pauseFeature(1, 2),
      },
    })
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: config.id })
    const overview = await (await fetch(session.url)).text()
    const page = await (await submitForm(kit.url, formWithButton(overview, 'Pause subscription'))).text()
    expect(textOf(page)).toContain('Pause for 1 month 2 months')
    const done = await submitForm(kit.url, formWithButton(page, 'Pause subscription'), { duration: 'month:2' })
    expect(done.headers.get('location')).toBe(`/p/session/${session.id}?done=paused`)

    const resumesAt = start + (31 + 28) * day
    const paused = await stripe.subscriptions.retrieve(subscription.id)
    expect(paused.pause_collection).toEqual({ behavior: 'void', resumes_at: resumesAt })
    const after = textOf(await (await fetch(new URL(done.headers.get('location') as string, kit.url))).text())
    expect(after).toContain('Your subscription was paused.')
    expect(after).toContain(`Paused Payments are paused until ${longDate(resumesAt)}`)
    expect(after).toContain('Resume subscription')
    expect(after).not.toContain('Pause subscription')

    await kit.advanceClock(clock.id, start + 31 * day + 60)
    const voided = await stripe.invoices.retrieve(
      (await stripe.subscriptions.retrieve(subscription.id)).latest_invoice as string,
    )
    expect(voided.status).toBe('void')
    await kit.advanceClock(clock.id, resumesAt + 60)
    expect((await stripe.subscriptions.retrieve(subscription.id)).pause_collection).toBeNull()
    const resumedEvent = kit
      .deliveredEvents('customer.subscription.updated')
      .find((event) => (event.data.previous_attributes as { pause_collection?: unknown }).pause_collection)
    expect((resumedEvent?.data.object as Stripe.Subscription | undefined)?.pause_collection).toBeNull()
  })

  it('resumes from the overview with "Resume subscription"', async () => {
    const { stripe } = kit
    const { customer, subscription } = await subscriberOnClock()
    const config = await stripe.billingPortal.configurations.create({
      features: { subscription_pause: { enabled: true, duration: { type: 'indefinite' } } },
    })
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: config.id })
    const page = await (await fetch(`${session.url}/subscriptions/${subscription.id}/pause`)).text()
    expect(textOf(page)).toContain('Until I resume it')
    await submitForm(kit.url, formWithButton(page, 'Pause subscription'), { duration: 'indefinite' })
    expect((await stripe.subscriptions.retrieve(subscription.id)).pause_collection).toEqual({
      behavior: 'void',
      resumes_at: null,
    })
    const overview = await (await fetch(session.url)).text()
    expect(textOf(overview)).toContain('Payments are paused')
    const done = await submitForm(kit.url, formWithButton(overview, 'Resume subscription'))
    expect(done.headers.get('location')).toBe(`/p/session/${session.id}?done=resumed`)
    expect((await stripe.subscriptions.retrieve(subscription.id)).pause_collection).toBeNull()
  })

  it('opens the subscription_pause flow and redirects back after it', async () => {
    const { stripe } = kit
    const { customer, subscription } = await subscriberOnClock()
    const config = await stripe.billingPortal.configurations.create({
      features: { subscription_pause: { enabled: true } },
    })
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      flow_data: {
        type: 'subscription_pause',
        subscription_pause: { subscription: subscription.id },
        after_completion: { type: 'redirect', redirect: { return_url: 'https://example.com/paused' } },
      },
    })
    expect(session.flow).toMatchObject({
      type: 'subscription_pause',
      subscription_pause: { subscription: subscription.id },
    })
    const page = await (await fetch(session.url)).text()
    const done = await submitForm(kit.url, formWithButton(page, 'Pause subscription'), { duration: 'month:1' })
    expect(done.headers.get('location')).toBe('https://example.com/paused')
    expect((await stripe.subscriptions.retrieve(subscription.id)).pause_collection?.behavior).toBe('void')
  })
})

describe('given a portal configuration without subscription_pause', () => {
  it('offers no pause and refuses the flow and the page', async () => {
    const { stripe } = kit
    const { customer, subscription } = await subscriberOnClock()
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id })
    expect(await (await fetch(session.url)).text()).not.toContain('Pause subscription')
    expect((await fetch(`${session.url}/subscriptions/${subscription.id}/pause`)).status).toBe(403)
    await expect(
      stripe.billingPortal.sessions.create({
        customer: customer.id,
        flow_data: { type: 'subscription_pause', subscription_pause: { subscription: subscription.id } },
      }),
    ).rejects.toMatchObject({ param: 'flow_data[type]' })
  })
})
