// Renders every story of the built Storybook (storybook-static at the repo root) in headless Debian
// Chromium, in every shipped locale, at 320, 375 and 1024 px wide, and fails when anything scrolls
// sideways: the page itself, or any part whose scrollWidth is larger than its box. It also fails
// when a story's play function throws in a locale (it never reached the state it shows).
//   node scripts/check-overflow.mjs [--locales en,fr] [--story id-substring] [--shots DIR]
// Builds nothing: run `pnpm build-storybook` first. Never downloads a browser: CHROMIUM_PATH or /usr/bin/chromium.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { launchChromium, serveStorybook, storybookRoot } from './storybook-browser.mjs'

const root = storybookRoot
const widths = [320, 375, 1024]
const option = (name) => {
  const index = process.argv.indexOf(name)
  return index >= 0 ? process.argv[index + 1] : undefined
}
const locales = (option('--locales') ?? 'en,de,fr,es,pl').split(',')
const storyFilter = option('--story')
const shots = option('--shots')
// Two cores: one tab per locale would only queue; three keep the CPU busy while one waits on a timer.
const tabs = Number(option('--tabs') ?? 3)

const { server, base } = await serveStorybook()

const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8'))
const stories = Object.values(index.entries)
  .filter((entry) => entry.type === 'story' && (!storyFilter || entry.id.includes(storyFilter)))
  .map((entry) => entry.id)
if (shots) mkdirSync(shots, { recursive: true })

const started = Date.now()
const browser = await launchChromium()

/** Every part that scrolls sideways, as "selector: scrollWidth > clientWidth", plus the page itself. */
function findOverflow() {
  const found = []
  const viewport = document.documentElement.clientWidth
  if (document.documentElement.scrollWidth > viewport) {
    found.push(`page: scrollWidth ${document.documentElement.scrollWidth} > ${viewport}`)
  }
  const describe = (el) => {
    const slot = el.getAttribute('data-slot')
    if (slot) return `[data-slot="${slot}"]`
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/)[0]}` : ''
    return `${el.tagName.toLowerCase()}${cls}`
  }
  for (const el of document.querySelectorAll('#storybook-root *')) {
    const style = getComputedStyle(el)
    // Inline boxes have no scroll box; the visually-hidden pattern clips on purpose.
    if (style.display === 'inline' || style.display === 'contents' || el.closest('.pk-sr-only')) continue
    if (el.scrollWidth > el.clientWidth + 1)
      found.push(`${describe(el)}: scrollWidth ${el.scrollWidth} > ${el.clientWidth}`)
    const rect = el.getBoundingClientRect()
    if (rect.right > viewport + 0.5) found.push(`${describe(el)}: right edge ${Math.round(rect.right)} > ${viewport}`)
  }
  return found
}

/**
 * Switches stories through Storybook's channel instead of reloading the iframe: the same render,
 * play function included, at a fraction of the cost. Resolves once the story has finished (Storybook
 * reloads the iframe if a story is left while its play function still runs).
 */
function renderStory(page, storyId) {
  return page.evaluate(
    (storyId) =>
      new Promise((resolve) => {
        const channel = globalThis.__STORYBOOK_ADDONS_CHANNEL__
        let error
        const onThrew = (thrown) => {
          error = String(thrown?.message ?? thrown?.title ?? thrown)
        }
        const done = (result) => {
          channel.off('storyFinished', onFinished)
          for (const name of ['playFunctionThrewException', 'storyErrored', 'storyThrewException'])
            channel.off(name, onThrew)
          clearTimeout(timer)
          resolve(result)
        }
        const onFinished = (event) =>
          event.storyId === storyId && done({ ok: event.status === 'success' && !error, error })
        const timer = setTimeout(() => done({ ok: false, error: error ?? 'story did not finish in 15 s' }), 15_000)
        channel.on('storyFinished', onFinished)
        for (const name of ['playFunctionThrewException', 'storyErrored', 'storyThrewException'])
          channel.on(name, onThrew)
        channel.emit('setCurrentStory', { storyId, viewMode: 'story' })
      }),
    storyId,
  )
}

/**
 * Waits until the story on screen has finished rendering (its play function and Storybook's wait for
 * animations included). Storybook reloads the whole iframe when a story is left while its render is
 * still pending, which destroys the page's context under a check; the first story, loaded by URL, was
 * left without this wait (CI on 2026-12-01: "Execution context was destroyed" in `renderStory`).
 */
function waitForRenderToSettle(page) {
  return page.waitForFunction(
    () => {
      const phase = globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase
      return phase === 'finished' || phase === 'aborted'
    },
    undefined,
    { timeout: 30_000 },
  )
}

async function checkLocale(locale, failures) {
  const page = await browser.newPage({ viewport: { width: 1024, height: 700 } })
  const errors = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${base}/iframe.html?id=${stories[0]}&viewMode=story&globals=locale:${locale}`)
  await page.waitForSelector('#storybook-root > *', { timeout: 30_000 })
  await page.waitForLoadState('networkidle')
  for (const id of stories) {
    await waitForRenderToSettle(page)
    await page.setViewportSize({ width: 1024, height: 700 })
    // Switch stories through Storybook's channel instead of reloading the iframe: the same render,
    // play function included, at a fraction of the cost. Resolves when the play function is done.
    const outcome = id === stories[0] ? { ok: true } : await renderStory(page, id)
    if (!outcome.ok) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal colours of expect's message
      const reason = (outcome.error ?? 'see the story').replace(/\u001b\[\d+m/g, '').replace(/\s+/g, ' ')
      failures.push(`${id} [${locale}]: play function failed: ${reason}`)
    }
    for (const width of widths) {
      await page.setViewportSize({ width, height: 700 })
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
      const overflow = await page.evaluate(findOverflow)
      for (const line of overflow) failures.push(`${id} [${locale} ${width}px]: ${line}`)
      if (shots) await page.screenshot({ path: join(shots, `${id}--${locale}--${width}.png`), fullPage: true })
    }
  }
  for (const message of errors) failures.push(`[${locale}] uncaught error: ${message}`)
  await page.close()
}

const failures = []
try {
  const queue = [...locales]
  await Promise.all(
    Array.from({ length: Math.min(tabs, queue.length) }, async () => {
      while (queue.length > 0) await checkLocale(queue.shift(), failures)
    }),
  )
} finally {
  await browser.close()
  server.close()
}

const seconds = ((Date.now() - started) / 1000).toFixed(1)
const checked = `${stories.length} stories x ${locales.length} locales x ${widths.length} widths`
if (failures.length > 0) {
  console.log(failures.join('\n'))
  console.log(`\n${failures.length} problems in ${checked} (${seconds} s)`)
  process.exit(1)
}
console.log(`No horizontal overflow and no failed play function in ${checked} (${seconds} s)`)
