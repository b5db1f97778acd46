import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, launchChromium } from '@portal-kit/test-browser'
import type { Browser, Page } from 'playwright-core'
import type Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type RunningDemo, startDemo } from '../scripts/start-demo'
import { axeViolations, type BrowserProblems, openContext, snap } from './browser.js'

let demo: RunningDemo
let browser: Browser
/** The demo at `localhost`, and the same server at `127.0.0.1` (scenario 10). */
let localhost: string
let loopback: string
const run = Date.now().toString(36)
const open: Array<{ page: Page; problems: BrowserProblems; close(): Promise<void> }> = []

beforeAll(async () => {
  demo = await startDemo({ port: await freePort(), emulatorPort: 0, mode: 'production', log: () => {} })
  const url = new URL(demo.url)
  localhost = `http://localhost:${url.port}`
  loopback = `http://127.0.0.1:${url.port}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await demo?.stop()
})

// Scenario 9: no console errors and no failed requests, in any scenario.
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    await Promise.all(open.map((o, i) => snap(o.page, `failed-${task.name.slice(0, 40)}-${i}`).catch(() => {})))
  }
  const problems = open.flatMap((o) => o.problems.list)
  await Promise.all(open.splice(0).map((o) => o.close()))
  expect(problems).toEqual([])
})

async function browse(options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  const { context, page, problems } = await openContext(browser, options)
  open.push({ page, problems, close: () => context.close() })
  return page
}

/** Signs in a new user of this run by email (fresh account, fresh Stripe customer). */
async function signIn(page: Page, base: string, name: string): Promise<string> {
  const email = `${name}-${run}@example.com`
  await page.goto(`${base}/sign-in`)
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForURL(`${base}/settings/billing`)
  return email
}

async function payOnCheckout(page: Page, card = '4242 4242 4242 4242'): Promise<void> {
  await page.waitForURL(`${demo.emulatorUrl}/**`)
  await page.getByLabel('Card number').fill(card)
  await page.getByLabel('Expiration date').fill('12 / 34')
  await page.getByLabel('Security code (CVC)').fill('123')
  await page.getByRole('button', { name: 'Pay and subscribe' }).click()
}

async function subscribe(page: Page, base: string, plan = 'Pro monthly'): Promise<void> {
  await page.goto(`${base}/pricing`)
  await page.getByRole('region', { name: plan }).getByRole('button', { name: 'Subscribe' }).click()
  await payOnCheckout(page)
  await page.waitForURL(`${base}/settings/billing**`)
  await page.getByText(/Renews on/).waitFor()
}

/** Clicks a portal link back to the app and waits for the settings page. */
async function returnToApp(page: Page, base: string): Promise<void> {
  await page.getByRole('link', { name: /^Return to / }).click()
  await page.waitForURL(`${base}/settings/billing**`)
}

/** Holds webhooks back (the first attempt dropped, the retry 10 s later), or lets them flow again. */
async function holdWebhooks(hold: boolean): Promise<void> {
  const post = (path: string, body: object) =>
    fetch(`${demo.emulatorUrl}/_emulator/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const delays = hold
    ? { retryInitialDelayMs: 10_000, retryMaxDelayMs: 10_000 }
    : { retryInitialDelayMs: 100, retryMaxDelayMs: 2_000 }
  expect((await post('webhooks/settings', delays)).ok).toBe(true)
  expect((await post('chaos', { dropRate: hold ? 1 : 0 })).ok).toBe(true)
}

async function cancelAndReturn(page: Page, base: string): Promise<void> {
  const card = page.locator('[data-slot="subscription-card"]')
  // The webhooks of the visit are late (as Stripe's can be), so the store is stale when the customer
  // comes back and the page has to catch up by itself.
  await fetch(`${demo.emulatorUrl}/_emulator/webhooks/flush`, { method: 'POST' })
  await holdWebhooks(true)
  try {
    await card.getByRole('button', { name: 'Manage billing' }).click()
    await page.waitForURL(`${demo.emulatorUrl}/**`)
    await page.getByRole('button', { name: 'Cancel subscription' }).click()
    await page.getByRole('button', { name: 'Confirm cancellation' }).click()
    await page.getByText(/Cancels on/).waitFor()
    // Record every "Updating your account..." the page shows, however briefly.
    await page.context().addInitScript(() => {
      const seen = window as unknown as { pkSyncNoticeSeen?: boolean }
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[role="status"]')) {
          if (el.textContent?.includes('Updating your account...')) seen.pkSyncNoticeSeen = true
        }
      }).observe(document, { subtree: true, childList: true, characterData: true })
    })
    let loads = 0
    page.on('load', () => {
      loads += 1
    })
    await returnToApp(page, base)
    await card.getByText(/Cancels on/).waitFor({ timeout: 10_000 })
    // The page read the account from Stripe as it rendered (getStatus with billingReturn): "Cancels on"
    // from the first paint, no "Updating your account...", and the return was the only load.
    await expect(page.evaluate(() => (window as { pkSyncNoticeSeen?: boolean }).pkSyncNoticeSeen)).resolves.toBe(
      undefined,
    )
    expect(loads).toBe(1)
    await expect(page.getByText('Updating your account...').count()).resolves.toBe(0)
  } finally {
    await holdWebhooks(false)
  }
}

describe('the production build', () => {
  it('keeps server code and secrets out of the client chunks', () => {
    const staticDir = join(import.meta.dirname, '..', '.next', 'static')
    expect(existsSync(staticDir)).toBe(true)
    const files = readdirSync(staticDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
      .map((entry) => join(entry.parentPath, entry.name))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const needle of ['sk_test_', 'sk_live_', 'whsec_', 'pglite', 'pg-protocol', 'DEMO_SESSION_SECRET']) {
        expect(text.includes(needle), `${file} contains ${needle}`).toBe(false)
      }
    }
  })
})

describe('scenario 1: subscribe', () => {
  it('signs in, subscribes to Pro on the checkout page and lands on billing with "Renews on"', async () => {
    const page = await browse()
    await signIn(page, localhost, 'subscriber')
    await expect(page.getByText('No active subscription').isVisible()).resolves.toBe(true)
    await subscribe(page, localhost)
    const card = page.locator('[data-slot="subscription-card"]')
    await expect(card.getByText('Pro', { exact: false }).first().isVisible()).resolves.toBe(true)
    await snap(page, '1-subscribed-1024')
  })
})

describe('scenario 11: a promotion code at checkout', () => {
  it('takes WELCOME20 on the checkout page, Stripe bills the first month 20% off, and the card says so', async () => {
    const page = await browse({ width: 375 })
    const email = await signIn(page, localhost, 'promoted')
    await page.goto(`${localhost}/pricing`)
    await page.getByText('WELCOME20').waitFor()
    await page.getByRole('region', { name: 'Starter monthly' }).getByRole('button', { name: 'Subscribe' }).click()
    await page.waitForURL(`${demo.emulatorUrl}/**`)
    await page.getByLabel('Promotion code').fill('WELCOME20')
    await page.getByRole('button', { name: 'Apply' }).click()
    const discount = page.locator('[data-slot="discount"]')
    await discount.waitFor()
    await expect(discount.textContent()).resolves.toMatch(/WELCOME20.*−\$1\.80/s)
    await snap(page, '11-promotion-code-375')
    await payOnCheckout(page)
    await page.waitForURL(`${localhost}/settings/billing**`)
    await page.getByText(/Renews on/).waitFor()
    const card = page.locator('[data-slot="subscription-card"]')
    await expect(card.locator('[data-slot="subscription-card-price"]').textContent()).resolves.toMatch(
      /^\$7\.20 per month Regular price: \$9\.00$/,
    )
    await snap(page, '11-discounted-card-375')
    const [customer] = (await demo.stripe.customers.list({ email, limit: 1 })).data
    const [subscription] = (
      await demo.stripe.subscriptions.list({ customer: customer?.id, limit: 1, expand: ['data.discounts'] })
    ).data
    const [welcome] = (subscription?.discounts ?? []) as Stripe.Discount[]
    const until = new Date((welcome?.end ?? 0) * 1000).toLocaleDateString('en-US', {
      dateStyle: 'long',
      timeZone: 'UTC',
    })
    await expect(card.locator('[data-slot="subscription-card-discounts"]').textContent()).resolves.toBe(
      `Welcome: 20% off until ${until}`,
    )
    const [invoice] = (await demo.stripe.invoices.list({ customer: customer?.id, limit: 1 })).data
    expect({ subtotal: invoice?.subtotal, total: invoice?.total }).toEqual({ subtotal: 900, total: 720 })
  })
})

describe('scenario 12: a retention offer on cancel', () => {
  it('offers 50% off before the cancellation; accepting keeps the plan and the card shows the discount', async () => {
    const page = await browse({ width: 375 })
    await signIn(page, localhost, 'retained')
    await subscribe(page, localhost, 'Starter monthly')
    const card = page.locator('[data-slot="subscription-card"]')
    await card.getByRole('button', { name: 'Cancel subscription' }).click()
    await page.waitForURL(`${demo.emulatorUrl}/**`)
    await page.getByRole('heading', { name: 'Before you cancel' }).waitFor()
    await expect(page.getByText('Stay with us and get 50% off for 3 months.').isVisible()).resolves.toBe(true)
    await snap(page, '12-retention-offer-375')
    await page.getByRole('button', { name: 'Accept offer' }).click()
    await page.waitForURL(`${localhost}/settings/billing**`)
    await card.locator('[data-slot="subscription-card-discounts"]').waitFor()
    await expect(card.locator('[data-slot="subscription-card-discounts"]').textContent()).resolves.toMatch(
      /^Stay with us: 50% off until /,
    )
    await expect(card.locator('[data-slot="subscription-card-price"]').textContent()).resolves.toBe(
      '$4.50 per month Regular price: $9.00',
    )
    await expect(card.getByText(/Renews on/).isVisible()).resolves.toBe(true)
    await snap(page, '12-retention-accepted-375')
  })
})

describe.each([
  { scenario: 'scenario 2', where: () => localhost },
  { scenario: 'scenario 10: scenario 2 at 127.0.0.1', where: () => loopback },
])('$scenario: cancel at period end in the portal and come back', ({ where }) => {
  it('shows "Cancels on" without a reload, and "Keep subscription" brings back "Renews on"', async () => {
    const base = where()
    const page = await browse()
    await signIn(page, base, `canceler-${new URL(base).hostname}`)
    await subscribe(page, base)
    await cancelAndReturn(page, base)
    await snap(page, `2-cancels-on-${new URL(base).hostname}`)

    // A subscription that ends at its period end has no next payment: the demo says so and changes nothing.
    const controls = page.getByRole('region', { name: 'Demo controls' })
    await controls.getByRole('button', { name: 'Make the next payment fail' }).click()
    await controls.getByText('There is no next payment: this subscription ends at the end of its period.').waitFor()
    await expect(page.getByText(/Cancels on/).isVisible()).resolves.toBe(true)

    await page.getByRole('button', { name: 'Keep subscription' }).click()
    await page.waitForURL(`${demo.emulatorUrl}/**`)
    await page.getByRole('button', { name: 'Renew subscription' }).click()
    await returnToApp(page, base)
    await page.getByText(/Renews on/).waitFor({ timeout: 10_000 })
  })
})

describe('scenario 3: change plan', () => {
  it('switches to Pro yearly through the subscription_update deep link and the card shows it', async () => {
    const page = await browse()
    await signIn(page, localhost, 'switcher')
    await subscribe(page, localhost)
    await page.getByRole('button', { name: 'Change plan' }).click()
    await page.waitForURL(`${demo.emulatorUrl}/**`)
    await page.getByLabel(/\$290\.00/).check()
    await page.getByRole('button', { name: 'Switch plan' }).click()
    // A deep-linked flow goes back to the app by itself when it is done (after a confirmation step, if any).
    const confirm = page.getByRole('button', { name: 'Confirm' })
    await Promise.race([
      page.waitForURL(`${localhost}/settings/billing**`),
      confirm.waitFor().then(() => confirm.click()),
    ])
    await page.waitForURL(`${localhost}/settings/billing**`)
    await page
      .locator('[data-slot="subscription-card"]')
      .getByText(/per year/)
      .waitFor({ timeout: 10_000 })
    await snap(page, '3-plan-changed')
  })
})

describe('scenario 4 and 5: a failed payment, the grace period and the dashboard gate', () => {
  it('gates the dashboard for no subscription', async () => {
    const page = await browse()
    await signIn(page, localhost, 'nobody')
    await page.goto(`${localhost}/dashboard`)
    await page.waitForURL(`${localhost}/pricing?from=dashboard`)
    await expect(page.getByText('Choose a plan to use Acme Notes').isVisible()).resolves.toBe(true)
    // The server layout's redirect works without JavaScript too.
    const noScript = await browse({ javaScriptEnabled: false })
    await noScript.context().addCookies(await page.context().cookies())
    await noScript.goto(`${localhost}/dashboard`)
    await noScript.waitForURL(`${localhost}/pricing?from=dashboard`)
  })

  it('shows the grace date after a failed renewal, and a working card clears the banner', async () => {
    const page = await browse()
    await signIn(page, localhost, 'pastdue')
    await subscribe(page, localhost)
    await page
      .getByRole('region', { name: 'Demo controls' })
      .getByRole('button', { name: 'Make the next payment fail' })
      .click()
    const banner = page.locator('[data-slot="past-due-banner"]')
    await banner.getByText(/You keep full access until/).waitFor({ timeout: 15_000 })
    await snap(page, '4-past-due')

    await page.goto(`${localhost}/dashboard`)
    await expect(page.getByRole('heading', { name: 'Your notes' }).isVisible()).resolves.toBe(true)
    await expect(page.locator('[data-slot="past-due-banner"]').isVisible()).resolves.toBe(true)

    await page.goto(`${localhost}/settings/billing`)
    await banner.getByRole('button', { name: 'Update payment method' }).click()
    await page.waitForURL(`${demo.emulatorUrl}/**`)
    await page.getByLabel('Card number').fill('4242 4242 4242 4242')
    await page.getByLabel('Expiration date').fill('12 / 34')
    await page.getByLabel('Security code (CVC)').fill('123')
    await page.getByRole('button', { name: 'Update payment method' }).click()
    // The deep-linked flow goes back to the app by itself once the card is saved.
    await page.waitForURL(`${localhost}/settings/billing**`)
    await expect.poll(() => page.locator('[data-slot="past-due-banner"]').count(), { timeout: 15_000 }).toBe(0)
  })
})

describe('scenario 5: read-only after the retries', () => {
  it('turns the dashboard read-only once every retry has failed', async () => {
    const page = await browse()
    await signIn(page, localhost, 'readonly')
    await subscribe(page, localhost)
    const controls = page.getByRole('region', { name: 'Demo controls' })
    await controls.getByRole('button', { name: 'Make the next payment fail' }).click()
    await page
      .locator('[data-slot="past-due-banner"]')
      .getByText(/You keep full access until/)
      .waitFor()
    // Visit the dashboard in grace first, through the app's own links, so the router keeps that page.
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('link', { name: 'Dashboard' }).click()
    await page.getByRole('button', { name: 'New note' }).waitFor()
    await nav.getByRole('link', { name: 'Billing' }).click()
    await controls.getByRole('button', { name: 'Use up the payment retries' }).click()
    await page
      .getByText(/read-only/)
      .first()
      .waitFor({ timeout: 15_000 })
    // Back to the kept dashboard page: the newer server-rendered status must replace the one it showed.
    await nav.getByRole('link', { name: 'Dashboard' }).click()
    await page.waitForURL(`${localhost}/dashboard`)
    await expect(page.getByText('Your account is read-only', { exact: true }).first().isVisible()).resolves.toBe(true)
    await expect(page.getByRole('button', { name: 'New note' }).count()).resolves.toBe(0)
    await snap(page, '5-dashboard-read-only')
  })
})

describe('the time machine', () => {
  it('shows a trial, its end, a month on and a recovery, each right after the click', async () => {
    const page = await browse()
    await signIn(page, localhost, 'timetraveller')
    const controls = page.getByRole('region', { name: 'Demo controls' })
    const card = page.locator('[data-slot="subscription-card"]')
    await controls.getByRole('button', { name: 'Start a 7-day trial' }).click()
    await card.getByText(/Trial ends on/).waitFor({ timeout: 15_000 })
    await snap(page, 'time-machine-trial')
    await controls.getByRole('button', { name: 'End the trial' }).click()
    await expect.poll(() => card.getByText(/Trial ends on/).count(), { timeout: 15_000 }).toBe(0)

    const second = await browse()
    await signIn(second, localhost, 'timetraveller-paid')
    await subscribe(second, localhost)
    const renewal = await second
      .locator('[data-slot="subscription-card"]')
      .getByText(/Renews on/)
      .textContent()
    await second
      .getByRole('region', { name: 'Demo controls' })
      .getByRole('button', { name: 'Advance one month' })
      .click()
    await expect
      .poll(
        () =>
          second
            .locator('[data-slot="subscription-card"]')
            .getByText(/Renews on/)
            .textContent(),
        {
          timeout: 15_000,
        },
      )
      .not.toBe(renewal)
    const secondControls = second.getByRole('region', { name: 'Demo controls' })
    await secondControls.getByRole('button', { name: 'Make the next payment fail' }).click()
    await second.locator('[data-slot="past-due-banner"]').waitFor({ timeout: 15_000 })
    await secondControls.getByRole('button', { name: 'Recover with a working card' }).click()
    await expect.poll(() => second.locator('[data-slot="past-due-banner"]').count(), { timeout: 15_000 }).toBe(0)
    await second.getByText(/Renews on/).waitFor()
  })
})

describe('scenario 6: without JavaScript', () => {
  it('"Manage billing" still reaches the portal, through the form and through the server action', async () => {
    const setup = await browse()
    await signIn(setup, localhost, 'nojs')
    await subscribe(setup, localhost)
    const cookies = await setup.context().cookies()

    const page = await browse({ javaScriptEnabled: false })
    await page.context().addCookies(cookies)
    await page.goto(`${localhost}/settings/billing`)
    await expect(page.getByText(/Renews on/).isVisible()).resolves.toBe(true)
    await page.locator('[data-slot="subscription-card"]').getByRole('button', { name: 'Manage billing' }).click()
    await page.waitForURL(`${demo.emulatorUrl}/**`)
    await expect(page.getByRole('heading', { level: 1, name: 'Billing' }).isVisible()).resolves.toBe(true)

    // "View invoices" posts to a Next.js server action (createPortalAction) instead of the route.
    await page.goto(`${localhost}/settings/billing`)
    await page.getByRole('button', { name: 'View invoices' }).click()
    await page.waitForURL(`${demo.emulatorUrl}/**`)
    await expect(page.getByRole('heading', { level: 1, name: 'Billing' }).isVisible()).resolves.toBe(true)
  })
})

describe('scenario 6: back from the portal without JavaScript', () => {
  it('renders "Cancels on" from Stripe while the webhooks are still held back', async () => {
    const setup = await browse()
    await signIn(setup, localhost, 'nojs-return')
    await subscribe(setup, localhost)
    await fetch(`${demo.emulatorUrl}/_emulator/webhooks/flush`, { method: 'POST' })
    await holdWebhooks(true)
    try {
      await setup.locator('[data-slot="subscription-card"]').getByRole('button', { name: 'Manage billing' }).click()
      await setup.waitForURL(`${demo.emulatorUrl}/**`)
      await setup.getByRole('button', { name: 'Cancel subscription' }).click()
      await setup.getByRole('button', { name: 'Confirm cancellation' }).click()
      await setup.getByText(/Cancels on/).waitFor()
      const back = await setup.getByRole('link', { name: /^Return to / }).getAttribute('href')
      expect(back).toContain('billing_return=')

      const page = await browse({ javaScriptEnabled: false })
      await page.context().addCookies(await setup.context().cookies())
      await page.goto(back ?? '')
      const card = page.locator('[data-slot="subscription-card"]')
      await expect(card.getByText(/Cancels on/).isVisible()).resolves.toBe(true)
      await snap(page, '6-nojs-back-from-portal')
    } finally {
      await holdWebhooks(false)
    }
  })
})

describe('scenario 7: isolation between accounts', () => {
  it('a second user cannot see or open the first user’s billing', async () => {
    const first = await browse()
    await signIn(first, localhost, 'owner')
    await subscribe(first, localhost)
    const mine = (await (await first.request.get(`${localhost}/api/billing/status`)).json()) as {
      subscription: { id: string }
      customer: { id: string }
    }

    const second = await browse()
    await signIn(second, localhost, 'intruder')
    const theirs = (await (await second.request.get(`${localhost}/api/billing/status`)).json()) as {
      subscription: unknown
      customer: { id: string } | null
    }
    expect(theirs.subscription).toBeNull()
    expect(theirs.customer?.id).not.toBe(mine.customer.id)
    for (const flow of ['subscription_cancel', 'subscription_update']) {
      const res = await second.request.post(`${localhost}/api/billing/portal`, {
        headers: { origin: localhost, 'content-type': 'application/json' },
        data: { flow, subscriptionId: mine.subscription.id },
      })
      expect(res.status(), flow).toBe(403)
    }
    await expect(second.getByText(/Renews on/).count()).resolves.toBe(0)
  })
})

describe('scenario 8: accessibility', () => {
  it('has no axe violations on any page of the demo, at 375 and 1024 px', async () => {
    for (const width of [375, 1024]) {
      const page = await browse({ width })
      await page.goto(`${localhost}/`)
      const found: Record<string, string[]> = { '/': await axeViolations(page) }
      await page.goto(`${localhost}/sign-in`)
      found['/sign-in'] = await axeViolations(page)
      await signIn(page, localhost, `axe${width}`)
      for (const path of ['/settings/billing', '/pricing', '/dashboard']) {
        await page.goto(`${localhost}${path}`)
        found[path] = await axeViolations(page)
        await snap(page, `8-${path.replaceAll('/', '_')}-${width}`)
      }
      await subscribe(page, localhost)
      found['/settings/billing (subscribed)'] = await axeViolations(page)
      expect(Object.entries(found).filter(([, v]) => v.length > 0)).toEqual([])
    }
  })
})
