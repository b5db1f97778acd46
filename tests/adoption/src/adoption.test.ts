import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { type RunningEmulator, startEmulator } from '@portal-kit/stripe-emulator'
import { stripeClientFor } from '@portal-kit/stripe-emulator/testing'
import { freePort, launchChromium } from '@portal-kit/test-browser'
import type { Browser, Page } from 'playwright-core'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdoptionApp } from './create-adoption-app.js'
import { packedFiles, packedManifest, packPackages } from './pack-packages.js'
import { nextBuild, nextStart, type RunningNextApp } from './run-next.js'

const repo = resolve(import.meta.dirname, '../../..')
/** Screenshots of each step, to look at after a run (gitignored). */
const screenshots = join(repo, 'tests/adoption/screenshots')
const webhookSecret = 'whsec_adoption_test_secret'
const secretKey = 'sk_test_adoption_secret_key_never_in_the_browser'

let work: string
let appDir: string
let tarballs: Record<string, string>
let readmeFilesWritten: string[]
let emulator: RunningEmulator
let stripe: Stripe
let browser: Browser
let port: number

async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true })
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true })
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

/** Runtime environment of the app: the emulator instead of Stripe, and the webhook secret. */
function appEnvironment(): NodeJS.ProcessEnv {
  return { STRIPE_API_BASE: emulator.url, STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret }
}

async function signedInPage(app: RunningNextApp, accountId: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1024, height: 900 } })
  await context.addCookies([{ name: 'account', value: accountId, url: app.url }])
  return context.newPage()
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'portal-kit-adoption-'))
  appDir = join(work, 'app')
  tarballs = packPackages(repo, join(work, 'packs'))
  readmeFilesWritten = createAdoptionApp(repo, appDir, tarballs)
  port = await freePort()
  emulator = await startEmulator({
    webhookEndpoints: [{ url: `http://127.0.0.1:${port}/api/billing/webhook`, secret: webhookSecret }],
    settings: { businessName: 'Adoption' },
  })
  stripe = stripeClientFor(emulator.url)
  const starter = await stripe.products.create({ name: 'Starter' })
  await stripe.prices.create({
    product: starter.id,
    currency: 'usd',
    unit_amount: 900,
    recurring: { interval: 'month' },
  })
  const pro = await stripe.products.create({ name: 'Pro' })
  await stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount: 2900, recurring: { interval: 'month' } })
  browser = await launchChromium()
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await emulator?.close()
  if (work && !process.env.KEEP_ADOPTION_APP) rmSync(work, { recursive: true, force: true })
})

describe('packing the packages as a release does', () => {
  it('leaves no workspace: ranges and ships what the READMEs link to', () => {
    for (const [name, tarball] of Object.entries(tarballs)) {
      const manifest = JSON.stringify(packedManifest(tarball))
      expect(manifest, name).not.toContain('workspace:')
    }
    const uiFiles = packedFiles(tarballs['@portal-kit/ui'] as string)
    const uiReadme = readFileSync(join(repo, 'packages/ui/README.md'), 'utf8')
    const images = [...uiReadme.matchAll(/!\[[^\]]*\]\((?:\.\/)?([^)\s]+\.png)\)/g)].map((match) => match[1])
    expect(images.length).toBeGreaterThan(0)
    for (const image of images) expect(uiFiles).toContain(image)
    expect(packedFiles(tarballs['@portal-kit/core'] as string)).toContain('README.md')
  })

  it('points each command at a file in the source tree, so installing the workspace links it before any build', () => {
    const tracked = execFileSync('git', ['ls-files', 'packages'], { cwd: repo, encoding: 'utf8' }).split('\n')
    const commands: string[] = []
    for (const name of readdirSync(join(repo, 'packages'))) {
      const manifest = JSON.parse(readFileSync(join(repo, 'packages', name, 'package.json'), 'utf8')) as {
        bin?: Record<string, string>
      }
      for (const [command, target] of Object.entries(manifest.bin ?? {})) {
        commands.push(command)
        expect(tracked, `${command} -> packages/${name}/${target}`).toContain(join('packages', name, target))
      }
    }
    expect(commands.sort()).toEqual(['portal-kit', 'stripe-emulator'])
  })

  it("puts the portal-kit and stripe-emulator commands on the app's path, and both run", () => {
    for (const [command, usage] of [
      ['portal-kit', 'Usage: portal-kit <command>'],
      ['stripe-emulator', 'Usage: stripe-emulator [options]'],
    ] as const) {
      const out = execFileSync(join(appDir, 'node_modules/.bin', command), ['--help'], {
        cwd: appDir,
        encoding: 'utf8',
      })
      expect(out, command).toContain(usage)
    }
  })

  it('installs into the app without pg', () => {
    expect(readmeFilesWritten).toEqual(
      expect.arrayContaining([
        'lib/billing.ts',
        'app/api/billing/[...route]/route.ts',
        'app/settings/billing/page.tsx',
        'next.config.ts',
      ]),
    )
    expect(existsSync(join(appDir, 'node_modules/pg'))).toBe(false)
    expect(existsSync(join(appDir, 'node_modules/@portal-kit/server/dist/index.js'))).toBe(true)
  })
})

describe.each([
  { bundler: 'Turbopack', args: [] as string[] },
  { bundler: 'webpack', args: ['--webpack'] },
])('a create-next-app 16 app built with $bundler and no secrets', ({ bundler, args }) => {
  let app: RunningNextApp

  beforeAll(async () => {
    rmSync(join(appDir, '.next'), { recursive: true, force: true })
    await nextBuild(appDir, args)
    app = await nextStart(appDir, port, appEnvironment())
  }, 600_000)

  afterAll(async () => {
    await app?.stop()
  })

  it('keeps server code and secrets out of the files it serves', () => {
    const served = filesUnder(join(appDir, '.next/static'))
    const bytes = served.reduce((sum, file) => sum + statSync(file).size, 0)
    expect(served.filter((file) => /pglite|\.wasm$|\.data$/i.test(file)).map((f) => relative(appDir, f))).toEqual([])
    expect(bytes).toBeLessThan(3 * 1024 * 1024)
    for (const file of served.filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(file, 'utf8')
      for (const needle of [secretKey, webhookSecret, 'sk_test_', 'pglite', 'pg-protocol', 'STRIPE_SECRET_KEY']) {
        expect(text.includes(needle), `${relative(appDir, file)} contains ${needle}`).toBe(false)
      }
    }
  })

  it(`answers the status route and the settings page at 127.0.0.1 (${bundler})`, async () => {
    const signedOut = await fetch(`${app.url}/api/billing/status`)
    expect(signedOut.status).toBe(401)
    const status = await fetch(`${app.url}/api/billing/status`, {
      headers: { cookie: `account=${bundler.toLowerCase()}-probe` },
    })
    expect(status.status).toBe(200)
    expect(await status.json()).toMatchObject({ customer: null, subscription: null, access: 'none' })
    const page = await fetch(`${app.url}/settings/billing`, {
      headers: { cookie: `account=${bundler.toLowerCase()}-probe` },
    })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('No active subscription')
  })

  it(`renders the German page of the ui README in German in the server HTML (${bundler})`, async () => {
    const page = await fetch(`${app.url}/settings/billing/de`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Abrechnung verwalten')
    expect(html).not.toContain('Manage billing</button>')
  })

  it.runIf(bundler === 'Turbopack')(
    'takes a new customer through checkout, the portal and back to "Cancels on"',
    async () => {
      const page = await signedInPage(app, 'ada')
      await page.goto(`${app.url}/settings/billing`)
      const card = page.locator('[data-slot="subscription-card"]')
      await expect(card.getByText('No active subscription').isVisible()).resolves.toBe(true)
      // The template's unlayered `* { padding: 0 }` must not flatten the card.
      const padding = await card.evaluate((el) => Number.parseFloat(getComputedStyle(el).paddingTop))
      expect(padding).toBeGreaterThanOrEqual(12)
      await snap(page, '1-settings-new-account')

      await page.goto(`${app.url}/pricing`)
      await snap(page, '2-pricing')
      await page.locator('section', { hasText: 'Pro' }).getByRole('button', { name: 'Subscribe' }).click()
      await page.waitForURL(`${emulator.url}/**`)
      await page.getByLabel('Card number').fill('4242 4242 4242 4242')
      await page.getByLabel('Expiration date').fill('12 / 34')
      await page.getByLabel('Security code (CVC)').fill('123')
      await page.getByRole('button', { name: 'Pay and subscribe' }).click()
      await page.waitForURL(`${app.url}/settings/billing**`)
      await snap(page, '3-back-from-checkout')
      await card.getByText('Active', { exact: true }).waitFor({ timeout: 15_000 })
      await snap(page, '4-subscribed')

      // Straight into the portal: the return sync must not be refused as too soon after the last one.
      await page.getByRole('button', { name: 'Manage billing' }).first().click()
      await page.waitForURL(`${emulator.url}/**`)
      await page.getByRole('button', { name: 'Cancel subscription' }).click()
      await page.getByRole('button', { name: 'Confirm cancellation' }).click()
      await page.getByText(/Cancels on/).waitFor()
      await snap(page, '5-portal-canceled')
      const returned = Date.now()
      await page.getByRole('link', { name: 'Return to Adoption' }).click()
      await page.waitForURL(`${app.url}/settings/billing**`)
      await card.getByText(/Cancels on/).waitFor({ timeout: 15_000 })
      const returnToCancelsOnMs = Date.now() - returned
      console.info(`return to "Cancels on": ${returnToCancelsOnMs} ms`)
      await snap(page, '6-back-from-portal')
      expect(page.url()).not.toContain('billing_return')
      await page.context().close()
    },
  )

  it('shows the billing state and working actions without JavaScript', async () => {
    const page = await signedInPage(app, 'ada', false)
    await page.goto(`${app.url}/settings/billing`)
    const card = page.locator('[data-slot="subscription-card"]')
    await expect(card.getByText(/Cancels on/).isVisible()).resolves.toBe(true)
    await expect(page.locator('[data-slot="subscription-card-skeleton"]').count()).resolves.toBe(0)
    await page.getByRole('button', { name: 'Manage billing' }).first().click()
    await page.waitForURL(`${emulator.url}/**`)
    await page.goto(`${app.url}/settings/billing?billing_error=stripe_unavailable`)
    await expect(page.getByRole('alert').first().isVisible()).resolves.toBe(true)
    await page.context().close()
  })

  it('accepts a same-origin POST from 127.0.0.1 even though Next sees localhost', async () => {
    const response = await fetch(`${app.url}/api/billing/portal`, {
      method: 'POST',
      headers: {
        cookie: `account=${bundler.toLowerCase()}-origin`,
        origin: app.url,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
      },
      body: '{}',
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { url: string }).url).toContain(emulator.url)
  })
  it('logged no error while serving all of the above', () => {
    expect(app.output()).not.toMatch(/Error|⨯|\[portal-kit\]/)
  })
})
