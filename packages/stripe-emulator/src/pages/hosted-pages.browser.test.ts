import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { launchChromium } from '@portal-kit/test-browser'
import type { Browser } from 'playwright-core'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'

let client: EmulatorClient
let browser: Browser
let app: Server
let appUrl: string

beforeAll(async () => {
  browser = await launchChromium()
  client = await startEmulatorClient({ settings: { businessName: 'Acme' } })
  // Stands in for the app the portal and Checkout send the customer back to.
  app = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><title>Acme app</title><h1>Back in the app</h1><p>${req.url}</p>`)
  })
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', () => resolve()))
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await client?.close()
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()))
})

async function subscriber(email: string) {
  const { stripe } = client
  const product = await stripe.products.create({ name: 'Pro' })
  const price = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 2000,
    recurring: { interval: 'month' },
  })
  const customer = await stripe.customers.create({ email })
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } })
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] })
  return { price, customer, subscription }
}

describe('hosted pages in a real browser', () => {
  it('cancels at period end in the portal, shows the date and returns to the app', async () => {
    const { stripe } = client
    const { customer, subscription } = await subscriber('browser-portal@example.com')
    const returnUrl = `${appUrl}/settings/billing?billing_return=1`
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: returnUrl })

    const page = await browser.newPage()
    await page.goto(session.url)
    await expect(page.getByRole('heading', { level: 1, name: 'Billing' }).isVisible()).resolves.toBe(true)
    await page.screenshot({ path: '/tmp/portal.png', fullPage: true })

    await page.getByRole('button', { name: 'Cancel subscription' }).click()
    await page.getByRole('button', { name: 'Confirm cancellation' }).click()
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    const date = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(periodEnd * 1000),
    )
    await page.getByText(`Cancels on ${date}`).waitFor()

    await page.getByRole('link', { name: 'Return to Acme' }).click()
    await page.waitForURL(returnUrl)
    await expect(page.getByRole('heading', { name: 'Back in the app' }).isVisible()).resolves.toBe(true)
    await page.close()

    const after: Stripe.Subscription = await stripe.subscriptions.retrieve(subscription.id)
    expect(after.cancel_at_period_end).toBe(true)
  }, 30_000)

  it('completes Checkout with 4242 4242 4242 4242 and lands on success_url', async () => {
    const { stripe } = client
    const { price } = await subscriber('browser-checkout-plan@example.com')
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'browser-checkout@example.com',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: `${appUrl}/welcome?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${appUrl}/pricing`,
    })

    const page = await browser.newPage()
    await page.goto(session.url as string)
    await page.getByLabel('Card number').fill('4242 4242 4242 4242')
    await page.getByLabel('Expiration date').fill('12 / 34')
    await page.getByLabel('Security code (CVC)').fill('123')
    await page.getByRole('button', { name: 'Pay and subscribe' }).click()
    await page.waitForURL(`${appUrl}/welcome?session_id=${session.id}`)
    await page.close()

    const done = await stripe.checkout.sessions.retrieve(session.id)
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' })
    expect(done.subscription).toMatch(/^sub_/)
  }, 30_000)
})
