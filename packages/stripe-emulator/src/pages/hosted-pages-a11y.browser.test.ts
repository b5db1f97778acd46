import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { launchChromium } from '@portal-kit/test-browser'
import type { Browser, Page } from 'playwright-core'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorClient, startEmulatorClient } from '../testing/emulator-client.js'
import { recurringPrice } from '../testing/recurring-price.js'
import { pauseFeature } from './portal-test-pause.js'

const require = createRequire(import.meta.url)
const axeSource: string = require('axe-core').source

interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; html: string }[] }[]
}

/** axe-core's WCAG 2 A and AA rules (color contrast included) on the page as it is, one line per failing node. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  })
  return results.violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(node.target)} ${node.html}`),
  )
}

/** The page in light and in dark mode: every violation, labelled by scheme. */
async function violationsInBothSchemes(page: Page): Promise<string[]> {
  const found: string[] = []
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    found.push(...(await axeViolations(page)).map((v) => `[${colorScheme}] ${v}`))
  }
  return found
}

const shotsDir = process.env.EMU_SHOTS_DIR
/** With EMU_SHOTS_DIR set, full-page screenshots at 375 and 1024 px in both schemes, to look at by eye. */
async function screenshots(page: Page, name: string): Promise<void> {
  if (!shotsDir) return
  mkdirSync(shotsDir, { recursive: true })
  for (const width of [375, 1024]) {
    await page.setViewportSize({ width, height: 800 })
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      await page.screenshot({ path: `${shotsDir}/${name}-${width}-${colorScheme}.png`, fullPage: true })
    }
  }
}

let client: EmulatorClient
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
  client = await startEmulatorClient({ settings: { businessName: 'Acme' } })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await client?.close()
})

interface Catalog {
  product: Stripe.Product
  monthly: Stripe.Price
  yearly: Stripe.Price
  config: Stripe.BillingPortal.Configuration
}

async function catalog(): Promise<Catalog> {
  const { stripe } = client
  const product = await stripe.products.create({ name: 'Pro' })
  const monthly = await recurringPrice(stripe, product.id, 2000, 'month', 'eur')
  const yearly = await recurringPrice(stripe, product.id, 20000, 'year', 'eur')
  const config = await stripe.billingPortal.configurations.create({
    business_profile: {
      privacy_policy_url: 'https://example.com/privacy',
      terms_of_service_url: 'https://example.com/terms',
    },
    features: {
      invoice_history: { enabled: true },
      payment_method_update: { enabled: true },
      subscription_cancel: {
        enabled: true,
        mode: 'at_period_end',
        cancellation_reason: { enabled: true, options: ['too_expensive', 'unused', 'other'] },
      },
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        proration_behavior: 'always_invoice',
        products: [{ product: product.id, prices: [monthly.id, yearly.id] }],
      },
    },
  })
  return { product, monthly, yearly, config }
}

/** A customer in the given state, on a test clock so a renewal can fail. */
async function customerIn(
  { monthly }: Catalog,
  state: 'active' | 'trialing' | 'canceling' | 'past_due' | 'incomplete',
): Promise<{ customer: Stripe.Customer; subscription: Stripe.Subscription }> {
  const { stripe } = client
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) })
  const customer = await stripe.customers.create({
    email: `${state}@example.com`,
    name: 'Ada Lovelace',
    test_clock: clock.id,
  })
  const card = state === 'incomplete' ? 'pm_card_chargeCustomerFail' : 'pm_card_visa'
  const pm = await stripe.paymentMethods.attach(card, { customer: customer.id })
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
  let subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: monthly.id }],
    ...(state === 'trialing' ? { trial_period_days: 14 } : {}),
    ...(state === 'canceling' ? { cancel_at_period_end: true } : {}),
    ...(state === 'incomplete' ? { payment_behavior: 'allow_incomplete' as const } : {}),
  })
  if (state === 'past_due') {
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } })
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + 3600 })
    subscription = await stripe.subscriptions.retrieve(subscription.id)
  }
  expect(subscription.status).toBe(state === 'canceling' ? 'active' : state)
  return { customer, subscription }
}

async function portalUrl(customer: Stripe.Customer, config: Stripe.BillingPortal.Configuration, locale: 'en' | 'de') {
  const session = await client.stripe.billingPortal.sessions.create({
    customer: customer.id,
    configuration: config.id,
    return_url: 'https://example.com/account',
    locale,
  })
  return session.url
}

async function fillCard(page: Page, number: string) {
  await page.locator('#card_number').fill(number)
  await page.locator('#card_expiry').fill('12 / 34')
  await page.locator('#card_cvc').fill('123')
  await page.locator('form button[type=submit]').last().click()
}

const locales = [
  { locale: 'en' as const, browserLocale: 'en-US', overview: 'Billing', cancel: 'Cancel subscription' },
  { locale: 'de' as const, browserLocale: 'de-DE', overview: 'Abrechnung', cancel: 'Abonnement kündigen' },
]

describe('the axe check', () => {
  it('reports a primary button whose text does not reach 4.5:1 in dark mode', async () => {
    const { customer } = await customerIn(await catalog(), 'active')
    const session = await client.stripe.billingPortal.sessions.create({ customer: customer.id })
    const context = await browser.newContext({ bypassCSP: true })
    const page = await context.newPage()
    await page.goto(session.url)
    // The colours the pages had before: white on #8f89ff (2.92:1).
    await page.addStyleTag({
      content:
        '@media (prefers-color-scheme: dark) { button { background:#8f89ff !important; color:#fff !important; } }',
    })
    const found = await violationsInBothSchemes(page)
    await context.close()
    expect(found.some((v) => v.startsWith('[dark] color-contrast'))).toBe(true)
    expect(found.some((v) => v.startsWith('[light]'))).toBe(false)
  }, 60_000)
})

describe.each(locales)('every hosted page in $locale, light and dark, has no axe violations', (l) => {
  let shop: Catalog
  let page: Page
  beforeAll(async () => {
    shop = await catalog()
    // The browser's language drives the pages without a session locale (the hosted invoice page).
    const context = await browser.newContext({ bypassCSP: true, locale: l.browserLocale })
    page = await context.newPage()
  }, 60_000)
  afterAll(() => page?.context().close())

  async function expectClean(name: string) {
    expect(await page.getAttribute('html', 'lang')).toMatch(new RegExp(`^${l.locale}\\b`))
    expect(await violationsInBothSchemes(page)).toEqual([])
    await screenshots(page, `${name}-${l.locale}`)
  }

  it('checkout for a subscription, and with a declined card', async () => {
    const session = await client.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: `checkout-${l.locale}@example.com`,
      line_items: [{ price: shop.monthly.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
      cancel_url: 'https://example.com/pricing',
      locale: l.locale,
    })
    await page.goto(session.url as string)
    await expectClean('checkout')
    await fillCard(page, '4000 0000 0000 0002')
    await page.locator('[role=alert]#form-error').waitFor()
    await expectClean('checkout-declined')
  }, 60_000)

  for (const state of ['active', 'trialing', 'canceling', 'past_due', 'incomplete'] as const) {
    it(`the portal overview of a ${state} subscription`, async () => {
      const { customer } = await customerIn(shop, state)
      await page.goto(await portalUrl(customer, shop.config, l.locale))
      await page.getByRole('heading', { level: 1, name: l.overview }).waitFor()
      await expectClean(`overview-${state}`)
    }, 60_000)
  }

  it('cancel, switch plan and its confirmation, and a declined card update', async () => {
    const { customer, subscription } = await customerIn(shop, 'active')
    const base = await portalUrl(customer, shop.config, l.locale)
    await page.goto(`${base}/subscriptions/${subscription.id}/cancel`)
    await page
      .getByRole('button', { name: l.locale === 'en' ? 'Confirm cancellation' : 'Kündigung bestätigen' })
      .waitFor()
    await expectClean('cancel')

    await page.goto(`${base}/subscriptions/${subscription.id}/update`)
    await expectClean('switch-plan')
    await page.locator(`input[value="${shop.yearly.id}"]`).check()
    await page.locator('form button[type=submit]').click()
    await page.locator('[data-slot="proration-preview"]').waitFor()
    await expectClean('switch-plan-confirm')

    await page.goto(`${base}/payment-method`)
    await fillCard(page, '4000 0000 0000 0002')
    await page.locator('[role=alert]#form-error').waitFor()
    await expectClean('payment-method-declined')
  }, 60_000)

  it('the retention offer on the cancel page', async () => {
    const { customer, subscription } = await customerIn(shop, 'active')
    const coupon = await client.stripe.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 3 })
    const session = await client.stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: shop.config.id,
      locale: l.locale,
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: {
          subscription: subscription.id,
          retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } },
        },
      },
    })
    await page.goto(session.url)
    await page.locator('[data-slot="retention-offer"]').waitFor()
    await expectClean('retention-offer')
  }, 60_000)

  it('checkout with the promotion code field and a wrong code, and checkout in setup mode', async () => {
    const session = await client.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: `promo-${l.locale}@example.com`,
      line_items: [{ price: shop.monthly.id, quantity: 1 }],
      allow_promotion_codes: true,
      success_url: 'https://example.com/welcome',
      cancel_url: 'https://example.com/pricing',
      locale: l.locale,
    })
    await page.goto(session.url as string)
    await page.locator('#promotion_code').waitFor()
    await expectClean('checkout-promotion-code')
    await page.locator('#promotion_code').fill('NOT-A-CODE')
    await page.locator('form.promotion-code button[type=submit]').click()
    await page.locator('#promotion-code-error').waitFor()
    await expectClean('checkout-promotion-code-wrong')

    const customer = await client.stripe.customers.create({ email: `setup-${l.locale}@example.com` })
    const setup = await client.stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      currency: 'eur',
      success_url: 'https://example.com/saved',
      cancel_url: 'https://example.com/account',
      locale: l.locale,
    })
    await page.goto(setup.url as string)
    await page.locator('[data-mode="setup"] #card_number').waitFor()
    await expectClean('checkout-setup')
  }, 60_000)

  it('the pause page, a paused overview, switch plan with a quantity field and a scheduled plan change', async () => {
    const { stripe } = client
    const basic = await stripe.prices.create({
      currency: 'eur',
      unit_amount: 1000,
      recurring: { interval: 'month' },
      product_data: { name: 'Basic' },
    })
    const config = await stripe.billingPortal.configurations.create({
      features: {
        invoice_history: { enabled: true },
        subscription_pause: pauseFeature(1, 3),
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price', 'quantity'],
          products: [
            {
              product: shop.product.id,
              prices: [shop.monthly.id],
              adjustable_quantity: { enabled: true, minimum: 1, maximum: 20 },
            },
            { product: basic.product as string, prices: [basic.id] },
          ],
          schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }] },
        },
      },
    })
    const paused = await customerIn(shop, 'active')
    const pausing = await portalUrl(paused.customer, config, l.locale)
    await page.goto(`${pausing}/subscriptions/${paused.subscription.id}/pause`)
    await page.locator('[data-slot="pause-form"]').waitFor()
    await expectClean('pause')
    await page.locator('[data-slot="pause-form"] button[type=submit]').click()
    await page.locator('[data-slot="pause-state"]').waitFor()
    await expectClean('overview-paused')

    const { customer, subscription } = await customerIn(shop, 'active')
    const base = await portalUrl(customer, config, l.locale)
    await page.goto(`${base}/subscriptions/${subscription.id}/update`)
    await page.locator('[data-slot="quantity"]').waitFor()
    await expectClean('switch-plan-quantity')
    await page.locator(`input[value="${basic.id}"]`).check()
    await page.locator('form button[type=submit]').click()
    await page.locator('[data-slot="proration-preview"]').waitFor()
    await expectClean('switch-plan-scheduled-review')
    await page.locator('form button.primary[type=submit]').click()
    await page.locator('[data-slot="scheduled-change"]').waitFor()
    await expectClean('overview-scheduled-change')
  }, 60_000)

  it('an overview and an invoice with a discount', async () => {
    const { stripe } = client
    const customer = await stripe.customers.create({ email: `discount-${l.locale}@example.com`, name: 'Ada Lovelace' })
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } })
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'forever', name: 'Loyalty' })
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: shop.monthly.id }],
      discounts: [{ coupon: coupon.id }],
    })
    const base = await portalUrl(customer, shop.config, l.locale)
    await page.goto(base)
    await page.locator('[data-slot="discount"]').waitFor()
    await expectClean('overview-discount')
    await page.goto(`${base}/subscriptions/${subscription.id}/update`)
    await page.locator(`input[value="${shop.yearly.id}"]`).check()
    await page.locator('form button[type=submit]').click()
    await page.locator('[data-slot="proration-preview"]').waitFor()
    await expectClean('switch-plan-review-discount')
    const invoice = await stripe.invoices.retrieve(subscription.latest_invoice as string)
    await page.goto(invoice.hosted_invoice_url as string)
    await page.locator('.status-badge[data-status="paid"]').waitFor()
    await expectClean('invoice-discount')
  }, 60_000)

  it('an expired checkout and an unknown portal link', async () => {
    const session = await client.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: shop.monthly.id, quantity: 1 }],
      success_url: 'https://example.com/welcome',
      cancel_url: 'https://example.com/pricing',
      locale: l.locale,
    })
    await client.stripe.checkout.sessions.expire(session.id)
    expect((await page.goto(session.url as string))?.status()).toBe(410)
    await expectClean('checkout-expired')
    // Without a session the browser's language decides.
    expect((await page.goto(`${client.running.url}/p/session/bps_unknown`))?.status()).toBe(404)
    await expectClean('portal-not-found')
  }, 60_000)

  it('the hosted invoice page, open and paid', async () => {
    const { subscription } = await customerIn(shop, 'past_due')
    const invoice = await client.stripe.invoices.retrieve(subscription.latest_invoice as string)
    expect(invoice.status).toBe('open')
    await page.goto(invoice.hosted_invoice_url as string)
    await expectClean('invoice-open')
    await fillCard(page, '4242 4242 4242 4242')
    await page.locator('.status-badge[data-status="paid"]').waitFor()
    await expectClean('invoice-paid')
  }, 60_000)
})
