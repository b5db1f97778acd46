import { launchChromium } from '@portal-kit/test-browser'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'
import { longDate } from './portal-test-dates.js'
import { portalTestPlans } from './portal-test-plans.js'

let kit: TestEmulator
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
  kit = await startTestEmulator({ settings: { businessName: 'Acme' } })
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await kit?.close()
})
beforeEach(() => kit.reset())

describe('scheduled plan changes, pausing and card set-up in a real browser', () => {
  it('saves a card in Checkout setup mode without charging and lands on success_url', async () => {
    const { stripe } = kit
    const customer = await stripe.customers.create({ email: 'browser-setup@example.com' })
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      currency: 'usd',
      success_url: `${kit.url}/_emulator/health?session={CHECKOUT_SESSION_ID}`,
    })
    const page = await browser.newPage()
    await page.goto(session.url as string)
    await page.getByLabel('Card number').fill('4242 4242 4242 4242')
    await page.getByLabel('Expiration date').fill('12 / 34')
    await page.getByLabel('Security code (CVC)').fill('123')
    await page.getByRole('button', { name: 'Save card' }).click()
    await page.waitForURL(`${kit.url}/_emulator/health?session=${session.id}`)
    await page.close()

    await kit.webhooksIdle()
    const completed = kit.deliveredEvents('checkout.session.completed')[0]?.data.object
    expect(completed).toMatchObject({ mode: 'setup', setup_intent: session.setup_intent, status: 'complete' })
    expect((await stripe.paymentMethods.list({ customer: customer.id })).data).toHaveLength(1)
  }, 30_000)

  it('schedules a downgrade at period end, then pauses and resumes from the portal overview', async () => {
    const { stripe } = kit
    const { pro, basic, proMonthly, basicMonthly } = await portalTestPlans(stripe)
    const customer = await stripe.customers.create({ email: 'browser-downgrade@example.com' })
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } })
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: proMonthly.id }] })
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_pause: { enabled: true },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }] },
          products: [
            { product: pro.id, prices: [proMonthly.id] },
            { product: basic.id, prices: [basicMonthly.id] },
          ],
        },
      },
    })
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: config.id })
    const periodEnd = subscription.items.data[0]?.current_period_end as number

    const page = await browser.newPage()
    await page.goto(session.url)
    await page.getByRole('button', { name: 'Switch plan' }).click()
    await page.getByLabel(/Basic/).check()
    await page.getByRole('button', { name: 'Switch plan' }).click()
    // The review says when the change happens; the overview after "Confirm" says it again.
    await page.getByText(`Changes to Basic on ${longDate(periodEnd)}`).waitFor()
    await page.getByRole('button', { name: 'Confirm' }).click()
    await page.getByText('Your plan change was scheduled for the end of the billing period.').waitFor()
    await page.getByText(`Changes to Basic on ${longDate(periodEnd)}`).waitFor()

    await page.getByRole('button', { name: 'Pause subscription' }).click()
    await page.getByLabel('1 month').check()
    await page.getByRole('button', { name: 'Pause subscription' }).click()
    await page.getByText('Your subscription was paused.').waitFor()
    await page.getByText(/Payments are paused until/).waitFor()
    await page.getByRole('button', { name: 'Resume subscription' }).click()
    await page.getByText('Your subscription was resumed.').waitFor()
    await page.close()

    const after = await stripe.subscriptions.retrieve(subscription.id)
    expect(after.items.data[0]?.price.id).toBe(proMonthly.id)
    expect(after.schedule).toMatch(/^sub_sched_/)
    expect(after.pause_collection).toBeNull()
  }, 30_000)
})
