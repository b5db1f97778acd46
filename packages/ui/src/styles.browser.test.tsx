// @vitest-environment node
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { launchChromium } from '@portal-kit/test-browser'
import type { Browser, Page } from 'playwright-core'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BillingProvider } from './billing-provider.js'
import { billingStatuses } from './stories/billing-statuses.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

const kitCss = readFileSync(new URL('./styles.css', import.meta.url), 'utf8')
const createNextAppCss = readFileSync(new URL('../../../fixtures/create-next-app/globals.css', import.meta.url), 'utf8')
// Tailwind v4's own preflight, placed where `@import "tailwindcss"` puts it: in `@layer base`.
const tailwindPreflightCss = readFileSync(createRequire(import.meta.url).resolve('tailwindcss/preflight.css'), 'utf8')
const tailwindLayers = '@layer theme, base, components, utilities;'

let browser: Browser
let markup: string

beforeAll(async () => {
  browser = await launchChromium()
  const status = billingStatuses.canceled
  markup = renderToStaticMarkup(
    <BillingProvider
      transport={createFakeTransport({ status })}
      initialStatus={status}
      timeZone="UTC"
      plansHref="/pricing"
    >
      <SubscriptionStatusCard className="host-card" />
    </BillingProvider>,
  )
}, 30_000)

afterAll(async () => {
  await browser?.close()
})

/** Renders the card under the given style sheets, in order, and reads computed styles of its parts. */
async function renderCard(sheets: string[], htmlAttributes = '') {
  const page: Page = await browser.newPage()
  try {
    const styles = sheets.map((css) => `<style>${css}</style>`).join('\n')
    await page.setContent(`<!doctype html><html ${htmlAttributes}><head>${styles}</head><body>${markup}</body></html>`)
    return await page.evaluate(() => {
      const card = document.querySelector<HTMLElement>('[data-slot="subscription-card"]')!
      const link = document.querySelector<HTMLElement>('[data-slot="subscription-card-plans-link"]')!
      const actions = document.querySelector<HTMLElement>('[data-slot="subscription-card-actions"]')!
      const cardStyle = getComputedStyle(card)
      return {
        padding: cardStyle.padding,
        background: cardStyle.backgroundColor,
        borderTopWidth: cardStyle.borderTopWidth,
        linkColor: getComputedStyle(link).color,
        linkPadding: getComputedStyle(link).padding,
        actionsMarginTop: getComputedStyle(actions).marginTop,
      }
    })
  } finally {
    await page.close()
  }
}

const hostClass = '.host-card { padding: 3px; }'

describe('given the kit style sheet in a real browser', () => {
  it('pads the card the same with no reset, the create-next-app reset and Tailwind v4 preflight', async () => {
    const none = await renderCard([kitCss])
    // A fresh create-next-app imports its globals.css after ours as often as before.
    const templateAfter = await renderCard([kitCss, createNextAppCss])
    const templateBefore = await renderCard([createNextAppCss, kitCss])
    const tailwind = await renderCard([`${tailwindLayers} @layer base { ${tailwindPreflightCss} }`, kitCss])
    const tailwindInLayer = await renderCard([
      `${tailwindLayers} @layer base { ${tailwindPreflightCss} } @layer components { ${kitCss} }`,
    ])

    expect(none.padding).toBe('20px 24px 24px')
    expect(none.borderTopWidth).toBe('1px')
    expect(none.actionsMarginTop).toBe('12px')
    for (const styles of [templateAfter, templateBefore, tailwind, tailwindInLayer]) {
      expect(styles).toEqual(none)
    }
  })

  it('lets a host class given through className override the card, whichever sheet comes last', async () => {
    expect((await renderCard([kitCss, hostClass])).padding).toBe('3px')
    expect((await renderCard([hostClass, kitCss])).padding).toBe('3px')
    expect((await renderCard([hostClass, kitCss, createNextAppCss])).padding).toBe('3px')
    expect((await renderCard([createNextAppCss, kitCss, hostClass])).padding).toBe('3px')
    expect(
      (await renderCard([`${tailwindLayers} @layer base { ${tailwindPreflightCss} }`, hostClass, kitCss])).padding,
    ).toBe('3px')
  })

  it('lets a Tailwind utility win when the sheet is imported into the components layer', async () => {
    const utility = '@layer utilities { .host-card { padding: 3px; } }'
    const styles = await renderCard([
      `${tailwindLayers} @layer base { ${tailwindPreflightCss} } @layer components { ${kitCss} } ${utility}`,
    ])
    expect(styles.padding).toBe('3px')
  })

  it('keeps the light and dark themes and lets the host set a --pk-* variable', async () => {
    expect((await renderCard([createNextAppCss, kitCss])).background).toBe('rgb(255, 255, 255)')
    expect((await renderCard([createNextAppCss, kitCss], 'class="dark"')).background).toBe('rgb(17, 24, 39)')
    expect((await renderCard([kitCss, createNextAppCss], 'data-theme="dark"')).background).toBe('rgb(17, 24, 39)')
    const hostTheme = ':root { --pk-background: rgb(1, 2, 3); }'
    expect((await renderCard([hostTheme, kitCss])).background).toBe('rgb(1, 2, 3)')
  })
})
