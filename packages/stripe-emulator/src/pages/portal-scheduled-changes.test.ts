import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'
import { day, longDate, start } from './portal-test-dates.js'
import { updateConfirmFlow } from './portal-test-flows.js'
import { formWithButton, submitForm, switchPlanAndConfirm, textOf } from './portal-test-forms.js'
import { portalTestPlans } from './portal-test-plans.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator({ settings: { businessName: 'Acme' } })
})
afterAll(() => kit.close())
beforeEach(() => kit.reset())

/** Pro at $50 or $500 a year, Basic at $20 a month; a customer on a test clock paying Pro monthly by Visa. */
async function proSubscriber(plan: 'monthly' | 'yearly' = 'monthly') {
  const { stripe } = kit
  const { pro, basic, proMonthly, proYearly, basicMonthly } = await portalTestPlans(stripe)
  const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: start, email: 'downgrade@example.com' })
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: plan === 'monthly' ? proMonthly.id : proYearly.id }],
  })
  return { pro, basic, proMonthly, proYearly, basicMonthly, clock, customer, subscription }
}

async function portalWith(customer: string, features: Stripe.BillingPortal.ConfigurationCreateParams.Features) {
  const config = await kit.stripe.billingPortal.configurations.create({ features })
  const session = await kit.stripe.billingPortal.sessions.create({
    customer,
    configuration: config.id,
    return_url: 'https://example.com/account',
  })
  return { config, session }
}

describe('given a portal that schedules cheaper plans at period end', () => {
  it('schedules the downgrade, says when it happens, and switches the plan on the test clock at renewal', async () => {
    const { stripe } = kit
    const { pro, basic, proMonthly, basicMonthly, clock, customer, subscription } = await proSubscriber()
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    const { session } = await portalWith(customer.id, {
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        proration_behavior: 'create_prorations',
        schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }] },
        products: [
          { product: pro.id, prices: [proMonthly.id] },
          { product: basic.id, prices: [basicMonthly.id] },
        ],
      },
    })

    const page = await (await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).text()
    expect(textOf(page)).toContain(
      'A cheaper plan or a shorter billing interval takes effect at the end of the billing period.',
    )
    const done = await switchPlanAndConfirm(kit.url, page, { price: basicMonthly.id })
    expect(done.headers.get('location')).toBe(`/p/session/${session.id}?done=plan_scheduled`)

    const unchanged = await stripe.subscriptions.retrieve(subscription.id)
    expect(unchanged.items.data[0]?.price.id).toBe(proMonthly.id)
    expect(unchanged.latest_invoice, 'nothing is invoiced or prorated now').toBe(subscription.latest_invoice)
    const schedule = await stripe.subscriptionSchedules.retrieve(unchanged.schedule as string)
    expect(schedule).toMatchObject({ status: 'active', end_behavior: 'release', subscription: subscription.id })
    expect(schedule.phases.map((phase) => [phase.items[0]?.price, phase.start_date])).toEqual([
      [proMonthly.id, start],
      [basicMonthly.id, periodEnd],
    ])

    const overview = textOf(await (await fetch(new URL(done.headers.get('location') as string, kit.url))).text())
    expect(overview).toContain('Your plan change was scheduled for the end of the billing period.')
    expect(overview).toContain(`Changes to Basic on ${longDate(periodEnd)} ($20.00 per month)`)

    await kit.advanceClock(clock.id, periodEnd + 3600)
    const renewed = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(renewed.items.data[0]?.price.id).toBe(basicMonthly.id)
    expect(renewed.latest_invoice).toMatchObject({ billing_reason: 'subscription_cycle', amount_paid: 2000 })
    const switched = kit
      .deliveredEvents('customer.subscription.updated')
      .filter((event) => (event.data.object as Stripe.Subscription).items.data[0]?.price.id === basicMonthly.id)
    expect(switched.length).toBeGreaterThan(0)
    expect(kit.deliveredEvents('subscription_schedule.created')).toHaveLength(1)
    const after = textOf(await (await fetch(session.url)).text())
    expect(after).not.toContain('Changes to')
  })

  it('still makes an upgrade at once, replacing a scheduled downgrade', async () => {
    const { stripe } = kit
    const { pro, basic, proMonthly, basicMonthly, customer, subscription } = await proSubscriber()
    const business = await stripe.prices.create({
      product: pro.id,
      currency: 'usd',
      unit_amount: 9000,
      recurring: { interval: 'month' },
    })
    const { session } = await portalWith(customer.id, {
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        proration_behavior: 'none',
        schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }] },
        products: [
          { product: pro.id, prices: [proMonthly.id, business.id] },
          { product: basic.id, prices: [basicMonthly.id] },
        ],
      },
    })
    const page = await (await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).text()
    await switchPlanAndConfirm(kit.url, page, { price: basicMonthly.id })
    const scheduleId = (await stripe.subscriptions.retrieve(subscription.id)).schedule as string
    expect(scheduleId).toMatch(/^sub_sched_/)

    const again = await (await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).text()
    const done = await switchPlanAndConfirm(kit.url, again, { price: business.id })
    expect(done.headers.get('location')).toBe(`/p/session/${session.id}?done=plan`)
    const upgraded = await stripe.subscriptions.retrieve(subscription.id)
    expect(upgraded.items.data[0]?.price.id).toBe(business.id)
    expect(upgraded.schedule).toBeNull()
    expect((await stripe.subscriptionSchedules.retrieve(scheduleId)).status).toBe('released')
  })

  it('schedules a move from yearly to monthly billing with the shortening_interval condition', async () => {
    const { stripe } = kit
    const { pro, proMonthly, proYearly, clock, customer, subscription } = await proSubscriber('yearly')
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    expect(periodEnd).toBe(start + 365 * day)
    const { session } = await portalWith(customer.id, {
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        schedule_at_period_end: { conditions: [{ type: 'shortening_interval' }] },
        products: [{ product: pro.id, prices: [proMonthly.id, proYearly.id] }],
      },
    })
    const page = await (await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).text()
    await switchPlanAndConfirm(kit.url, page, { price: proMonthly.id })
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(proYearly.id)

    await kit.advanceClock(clock.id, start + 300 * day)
    await kit.advanceClock(clock.id, periodEnd + 3600)
    const monthly = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(monthly.items.data[0]?.price.id).toBe(proMonthly.id)
    expect(monthly.items.data[0]?.current_period_start).toBe(periodEnd)
    expect(monthly.latest_invoice).toMatchObject({ amount_paid: 5000, status: 'paid' })
  })
})

describe('given a subscription_update_confirm deep link to a cheaper plan', () => {
  it('schedules the change and the hosted confirmation says when it applies', async () => {
    const { stripe } = kit
    const { pro, basic, proMonthly, basicMonthly, customer, subscription } = await proSubscriber()
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    const { config } = await portalWith(customer.id, {
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }] },
        products: [
          { product: pro.id, prices: [proMonthly.id] },
          { product: basic.id, prices: [basicMonthly.id] },
        ],
      },
    })
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      flow_data: updateConfirmFlow(subscription, basicMonthly.id, { afterCompletion: { type: 'hosted_confirmation' } }),
    })
    const page = await (await fetch(session.url)).text()
    const done = await submitForm(kit.url, formWithButton(page, 'Confirm'))
    const confirmation = textOf(await (await fetch(new URL(done.headers.get('location') as string, kit.url))).text())
    expect(confirmation).toContain(`Your subscription changes to Basic on ${longDate(periodEnd)}.`)
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(proMonthly.id)
  })
})

describe('given a product with an adjustable quantity', () => {
  it('shows a quantity field and changes the quantity within the configured bounds', async () => {
    const { stripe } = kit
    const { pro, proMonthly, customer, subscription } = await proSubscriber()
    const { session } = await portalWith(customer.id, {
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price', 'quantity'],
        proration_behavior: 'none',
        products: [
          { product: pro.id, prices: [proMonthly.id], adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 } },
        ],
      },
    })
    const page = await (await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).text()
    expect(page).toMatch(
      /<input type="number" id="quantity" name="quantity" inputmode="numeric" min="1" max="5" value="1"/,
    )
    expect(textOf(page)).toContain('Quantity From 1 to 5.')

    const tooMany = await submitForm(kit.url, formWithButton(page, 'Switch plan'), {
      price: proMonthly.id,
      quantity: '6',
    })
    expect(tooMany.status).toBe(400)
    expect(textOf(await tooMany.text())).toContain('Enter a quantity from 1 to 5.')

    const done = await switchPlanAndConfirm(kit.url, page, { price: proMonthly.id, quantity: '3' })
    expect(done.headers.get('location')).toBe(`/p/session/${session.id}?done=plan`)
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.quantity).toBe(3)
  })

  it('shows no quantity field when no product allows it', async () => {
    const { pro, proMonthly, customer, subscription } = await proSubscriber()
    const { session } = await portalWith(customer.id, {
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        products: [{ product: pro.id, prices: [proMonthly.id] }],
      },
    })
    const page = await (await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).text()
    expect(page).not.toContain('name="quantity"')
  })
})
