import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'

const require = createRequire(import.meta.url)

/** What went wrong in the browser during a scenario: console errors, failed requests, 5xx answers. */
export interface BrowserProblems {
  list: string[]
}

/** A fresh browser context (its own cookies) that records every console error and failed request. */
export async function openContext(
  browser: Browser,
  options: { javaScriptEnabled?: boolean; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page; problems: BrowserProblems }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1024, height: 900 },
  })
  const problems: BrowserProblems = { list: [] }
  context.on('console', (message) => {
    if (message.type() === 'error') problems.list.push(`console: ${message.text()}`)
  })
  context.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? ''
    // A navigation away (to the portal or Checkout) aborts the page's own pending requests, and with
    // JavaScript off Chromium refuses the page's scripts ("csp").
    if (reason.includes('ERR_ABORTED') || (options.javaScriptEnabled === false && reason === 'csp')) return
    problems.list.push(`request failed: ${request.method()} ${request.url()} ${reason}`)
  })
  context.on('response', (response) => {
    if (response.status() >= 500)
      problems.list.push(`${response.status()} ${response.request().method()} ${response.url()}`)
  })
  const page = await context.newPage()
  return { context, page, problems }
}

const screenshotDir = join(import.meta.dirname, 'screenshots')

/** A full-page screenshot of a step, in a gitignored folder, to look at after a run. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true })
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })
}

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: unknown[] }>
}

/** Runs axe-core in the page and returns its violations (WCAG 2.x A and AA rules). */
export async function axeViolations(page: Page): Promise<string[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
  await page.addScriptTag({ content: source })
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return result.violations
  })
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  )
}
