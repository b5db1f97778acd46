import type Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'
import { day, longDate, start } from './portal-test-dates.js'
import { updateConfirmFlow } from './portal-test-flows.js'
import { formWithButton, submitForm, textOf } from './portal-test-forms.js'
import { portalTestPlans } from './portal-test-plans.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator({ settings: { businessName: 'Acme' } })
})
afterAll(() => kit.close())
beforeEach(() => kit.reset())

type UpdateFeature = Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate

/** Pro at $50 a month or $500 a year, Plus at $80 and Basic at $20 a month; a Visa customer on a test clock on Pro. */
async function shop(subscriptionParams: Partial<Stripe.SubscriptionCreateParams> = {}) {
  const { stripe } = kit
  const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: start, email: 'review@example.com' })
  const { proMonthly: pro, proYearly, plusMonthly: plus, basicMonthly: basic, products } = await portalTestPlans(stripe)
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: pro.id }],
    ...subscriptionParams,
  })
  return { clock, customer, subscription, pro, proYearly, plus, basic, products }
}

async function portal(
  customer: string,
  update: Omit<UpdateFeature, 'enabled'>,
  flow?: Stripe.BillingPortal.SessionCreateParams.FlowData,
) {
  const config = await kit.stripe.billingPortal.configurations.create({
    features: { subscription_update: { enabled: true, ...update } },
  })
  return kit.stripe.billingPortal.sessions.create({
    customer,
    configuration: config.id,
    return_url: 'https://example.com/account',
    ...(flow ? { flow_data: flow } : {}),
  })
}

/** A portal whose plan switches between `products` use `prorationBehavior`. */
function switchPlanPortal(
  customer: string,
  products: UpdateFeature['products'],
  prorationBehavior: 'always_invoice' | 'create_prorations',
) {
  return portal(customer, { default_allowed_updates: ['price'], proration_behavior: prorationBehavior, products })
}

interface Review {
  html: string
  text: string
  dueToday: number
  nextInvoice: { amount: number; date: number }
}

function readReview(html: string): Review {
  const amounts = [...html.matchAll(/<dd data-amount="(-?\d+)"(?: data-date="(\d+)")?>/g)]
  const [due, next] = amounts
  if (!due || !next) throw new Error('the review page shows no preview')
  return {
    html,
    text: textOf(html),
    dueToday: Number(due[1]),
    nextInvoice: { amount: Number(next[1]), date: Number(next[2]) },
  }
}

/** Chooses `price` on the switch-plan page: the review page that follows. */
async function review(session: Stripe.BillingPortal.Session, subscription: string, price: string): Promise<Review> {
  const page = await (await fetch(`${session.url}/subscriptions/${subscription}/update`)).text()
  const response = await submitForm(kit.url, formWithButton(page, 'Switch plan'), { price })
  expect(response.status).toBe(200)
  return readReview(await response.text())
}

/** A 14-day trial on Pro, three days in, reviewing a switch to Plus with the trial behaviour given. */
async function reviewDuringTrial(trialUpdateBehavior: 'end_trial' | 'continue_trial') {
  const { clock, customer, subscription, plus, products } = await shop({ trial_period_days: 14 })
  await kit.advanceClock(clock.id, start + 3 * day)
  const session = await portal(customer.id, {
    default_allowed_updates: ['price'],
    proration_behavior: 'create_prorations',
    trial_update_behavior: trialUpdateBehavior,
    products,
  })
  return { clock, customer, subscription, page: await review(session, subscription.id, plus.id) }
}

async function confirm(page: Review): Promise<void> {
  const done = await submitForm(kit.url, formWithButton(page.html, 'Confirm'))
  expect(done.status).toBe(303)
}

async function invoicesOf(customer: string): Promise<Stripe.Invoice[]> {
  return (await kit.stripe.invoices.list({ customer, limit: 100 })).data
}

/** Moves the clock past the previewed next invoice's date: the invoice made then charges what the page said. */
async function expectNextInvoiceAsPreviewed(page: Review, clock: string, customer: string): Promise<void> {
  await kit.advanceClock(clock, page.nextInvoice.date + 3600)
  const [latest] = await invoicesOf(customer)
  expect(latest?.created).toBe(page.nextInvoice.date)
  expect(latest?.amount_paid).toBe(page.nextInvoice.amount)
}

describe('the switch-plan review page', () => {
  it('says a change invoiced today is charged today, not on the next invoice, whatever the proration setting', async () => {
    const { clock, customer, subscription, proYearly, plus, products } = await shop()
    await kit.advanceClock(clock.id, start + 10 * day)
    const session = await switchPlanPortal(customer.id, products, 'create_prorations')

    // A new interval restarts the cycle: the year is invoiced today, with the unused month credited.
    const yearly = await review(session, subscription.id, proYearly.id)
    expect(yearly.dueToday).toBeGreaterThan(0)
    expect(yearly.text).toContain('You are charged or credited the prorated difference right away.')
    expect(yearly.text).not.toContain('appears on your next invoice')

    // The same interval with create_prorations waits for the next invoice, and says so.
    const monthly = await review(session, subscription.id, plus.id)
    expect(monthly.dueToday).toBe(0)
    expect(monthly.text).toContain('The prorated difference appears on your next invoice.')
  })

  it('says a change that waits for the period end changes on that date, charges nothing today and bills the new price next', async () => {
    const { clock, customer, subscription, basic, products } = await shop()
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    await kit.advanceClock(clock.id, start + 10 * day)
    const session = await portal(customer.id, {
      default_allowed_updates: ['price'],
      proration_behavior: 'always_invoice',
      schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }] },
      products,
    })
    const before = (await invoicesOf(customer.id)).length

    const page = await review(session, subscription.id, basic.id)
    expect(page.text).toContain(`Changes to Basic on ${longDate(periodEnd)}`)
    expect(page.dueToday).toBe(0)
    expect(page.nextInvoice).toEqual({ amount: 2000, date: periodEnd })
    expect(page.text).not.toContain('Adjustments for the rest of this period')
    expect(page.text).not.toContain('right away')

    await confirm(page)
    expect(await invoicesOf(customer.id)).toHaveLength(before)
    await expectNextInvoiceAsPreviewed(page, clock.id, customer.id)
  })

  it('with billing_cycle_anchor now, charges the new period today and dates the next invoice a period from now', async () => {
    const { clock, customer, subscription, plus, products } = await shop()
    const now = start + 10 * day
    await kit.advanceClock(clock.id, now)
    const session = await portal(customer.id, {
      default_allowed_updates: ['price'],
      proration_behavior: 'create_prorations',
      billing_cycle_anchor: 'now',
      products,
    })

    const page = await review(session, subscription.id, plus.id)
    const unused = Math.round((5000 * (subscription.items.data[0]!.current_period_end - now)) / (31 * day))
    expect(page.dueToday).toBe(8000 - unused)
    const nextDate = Date.UTC(2030, 1, 11) / 1000
    expect(page.nextInvoice).toEqual({ amount: 8000, date: nextDate })

    await confirm(page)
    const [today] = await invoicesOf(customer.id)
    expect(today?.amount_paid).toBe(page.dueToday)
    const updated = await kit.stripe.subscriptions.retrieve(subscription.id)
    expect(updated.items.data[0]?.current_period_end).toBe(page.nextInvoice.date)
    await expectNextInvoiceAsPreviewed(page, clock.id, customer.id)
  })

  it('for a trial the change ends (trial_update_behavior end_trial), charges the new plan today', async () => {
    const { clock, customer, subscription, page } = await reviewDuringTrial('end_trial')
    expect(subscription.status).toBe('trialing')
    expect(page.dueToday).toBe(8000)
    const nextDate = Date.UTC(2030, 1, 4) / 1000
    expect(page.nextInvoice).toEqual({ amount: 8000, date: nextDate })

    await confirm(page)
    const updated = await kit.stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
    expect(updated.status).toBe('active')
    expect((updated.latest_invoice as Stripe.Invoice).amount_paid).toBe(page.dueToday)
    await expectNextInvoiceAsPreviewed(page, clock.id, customer.id)
  })

  it('for a trial that continues (continue_trial), charges nothing until the trial ends, then the new plan', async () => {
    const { clock, customer, subscription, page } = await reviewDuringTrial('continue_trial')
    expect(page.dueToday).toBe(0)
    expect(page.nextInvoice).toEqual({ amount: 8000, date: subscription.trial_end })

    await confirm(page)
    await expectNextInvoiceAsPreviewed(page, clock.id, customer.id)
  })

  it('takes the subscription’s discount off what it charges today and next', async () => {
    const { stripe } = kit
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'forever' })
    const { clock, customer, subscription, proYearly, products } = await shop({ discounts: [{ coupon: coupon.id }] })
    expect((await invoicesOf(customer.id))[0]?.amount_paid).toBe(3750)
    const now = start + 10 * day
    await kit.advanceClock(clock.id, now)
    const session = await portal(customer.id, {
      default_allowed_updates: ['price'],
      proration_behavior: 'create_prorations',
      products,
    })

    const page = await review(session, subscription.id, proYearly.id)
    expect(page.text).toContain('Discount 25% off for as long as you stay subscribed')
    const unused = Math.round((3750 * (subscription.items.data[0]!.current_period_end - now)) / (31 * day))
    // The new year is discounted, and the credit gives back the unused share of the discounted month.
    expect(page.dueToday).toBe(37500 - unused)
    expect(page.nextInvoice.amount).toBe(37500)

    await confirm(page)
    const [today] = await invoicesOf(customer.id)
    expect(today?.amount_paid).toBe(page.dueToday)
    await expectNextInvoiceAsPreviewed(page, clock.id, customer.id)
  })

  it('shows an upgrade’s prorations net of the subscription’s discount, and charges exactly that', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 25, duration: 'forever' })
    const { clock, customer, subscription, plus, products } = await shop({ discounts: [{ coupon: coupon.id }] })
    // Halfway through January: half of Pro's $37.50 back, half of Plus's $60 charged.
    await kit.advanceClock(clock.id, start + 15.5 * day)
    const session = await switchPlanPortal(customer.id, products, 'always_invoice')

    const page = await review(session, subscription.id, plus.id)
    expect(page.dueToday).toBe(3000 - 1875)
    expect(page.nextInvoice.amount).toBe(6000)

    await confirm(page)
    const [today] = await invoicesOf(customer.id)
    expect(today?.amount_paid).toBe(page.dueToday)
    await expectNextInvoiceAsPreviewed(page, clock.id, customer.id)
  })

  it('takes a discount that ends before the next invoice off today only', async () => {
    const { stripe } = kit
    const coupon = await stripe.coupons.create({ amount_off: 1000, currency: 'usd', duration: 'once' })
    const { clock, customer, subscription, plus, products } = await shop()
    await stripe.subscriptions.update(subscription.id, { discounts: [{ coupon: coupon.id }] })
    await kit.advanceClock(clock.id, start + 10 * day)
    const session = await portal(customer.id, {
      default_allowed_updates: ['price'],
      proration_behavior: 'create_prorations',
      billing_cycle_anchor: 'now',
      products,
    })

    const page = await review(session, subscription.id, plus.id)
    await confirm(page)
    const [today] = await invoicesOf(customer.id)
    expect(today?.total_discount_amounts?.[0]?.amount).toBe(1000)
    expect(today?.amount_paid).toBe(page.dueToday)
    expect(page.nextInvoice.amount).toBe(8000)
    await expectNextInvoiceAsPreviewed(page, clock.id, customer.id)
  })
})

describe('a subscription_update_confirm flow with discounts on a change that waits for the period end', () => {
  it('shows the discounted next invoice and redeems the discounts when the new phase starts', async () => {
    const { stripe } = kit
    const coupon = await stripe.coupons.create({ percent_off: 50, duration: 'forever', name: 'Half' })
    const { clock, customer, subscription, basic, products } = await shop()
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    const session = await portal(
      customer.id,
      {
        default_allowed_updates: ['price'],
        proration_behavior: 'create_prorations',
        schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }] },
        products,
      },
      updateConfirmFlow(subscription, basic.id, { discounts: [{ coupon: coupon.id }] }),
    )
    const page = readReview(await (await fetch(session.url)).text())
    expect(page.text).toContain(`Changes to Basic on ${longDate(periodEnd)}`)
    expect(page.text).toContain('Discount 50% off for as long as you stay subscribed')
    expect(page.dueToday).toBe(0)
    expect(page.nextInvoice).toEqual({ amount: 1000, date: periodEnd })

    await confirm(page)
    const scheduled = await stripe.subscriptions.retrieve(subscription.id)
    expect(scheduled.discounts, 'nothing is redeemed before the change').toEqual([])
    const schedule = await stripe.subscriptionSchedules.retrieve(scheduled.schedule as string)
    expect(schedule.phases[1]?.discounts).toEqual([{ coupon: coupon.id, discount: null, promotion_code: null }])

    await expectNextInvoiceAsPreviewed(page, clock.id, customer.id)
    const renewed = await stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] })
    expect(renewed.items.data[0]?.price.id).toBe(basic.id)
    expect(renewed.discounts.map((d) => (d as Stripe.Discount).source.coupon)).toEqual([coupon.id])
    expect(kit.deliveredEvents('customer.discount.created')).toHaveLength(1)
  })
})
