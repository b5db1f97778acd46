// Screenshots of the built Storybook (storybook-static at the repo root) in headless Debian Chromium.
//   node scripts/screenshot.mjs            -> docs/settings-page.png for the README
//   node scripts/screenshot.mjs --all DIR  -> every story in light and dark into DIR, with an axe
//                                             run in the real browser (colour contrast included)
// Needs `pnpm build-storybook` first. Never downloads a browser: CHROMIUM_PATH or /usr/bin/chromium.
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { launchChromium, serveStorybook, storybookRoot } from './storybook-browser.mjs'

const root = storybookRoot
const docs = new URL('../docs/', import.meta.url).pathname
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

const { server, base } = await serveStorybook()

const browser = await launchChromium()

async function shoot(id, theme, file, { width = 960, locale = 'en' } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 600 }, deviceScaleFactor: 2 })
  await page.goto(`${base}/iframe.html?id=${id}&viewMode=story&globals=theme:${theme};locale:${locale}`)
  await page.waitForSelector('#storybook-root > *', { timeout: 15_000 })
  // Let play functions and the fake transport settle, and freeze the spinner and skeleton.
  await page.waitForTimeout(1500)
  await page.addStyleTag({ content: '*, *::before, *::after { animation-play-state: paused !important; }' })
  const frame = await page.$('#storybook-root > *')
  await frame.screenshot({ path: file })
  let violations = []
  if (file.includes('.axe.') || process.argv.includes('--all')) {
    await page.addScriptTag({ path: axePath })
    violations = await page.evaluate(async () => {
      const result = await globalThis.axe.run('#storybook-root', {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      })
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    })
  }
  await page.close()
  return violations
}

let failed = false
try {
  const allIndex = process.argv.indexOf('--all')
  if (allIndex >= 0) {
    const dir = process.argv[allIndex + 1] ?? '/tmp/portal-kit-stories'
    mkdirSync(dir, { recursive: true })
    const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8'))
    const stories = Object.values(index.entries).filter((entry) => entry.type === 'story')
    for (const story of stories) {
      for (const theme of ['light', 'dark']) {
        const violations = await shoot(story.id, theme, join(dir, `${story.id}--${theme}.png`))
        if (violations.length > 0) {
          failed = true
          console.log(`${story.id} (${theme}):\n  ${violations.join('\n  ')}`)
        }
      }
    }
    console.log(`${stories.length * 2} screenshots in ${dir}${failed ? '' : ', no axe violations'}`)
  } else {
    mkdirSync(docs, { recursive: true })
    await shoot('examples-settings-page--payment-failed', 'light', join(docs, 'settings-page.png'), { width: 880 })
    await shoot('examples-settings-page--dark-payment-failed', 'dark', join(docs, 'settings-page-dark.png'), {
      width: 880,
    })
    console.log(`Saved ${join(docs, 'settings-page.png')} and settings-page-dark.png`)
  }
} finally {
  await browser.close()
  server.close()
}
process.exit(failed ? 1 : 0)
