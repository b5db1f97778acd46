import { composeStories } from '@storybook/react'
import { describe, expect, it } from 'vitest'
import * as accessGate from './access-gate.stories.js'
import * as errorNotice from './billing-error-notice.stories.js'
import * as syncNotice from './billing-sync-notice.stories.js'
import * as checkout from './checkout-button.stories.js'
import * as button from './manage-billing-button.stories.js'
import * as banner from './past-due-banner.stories.js'
import * as settingsPage from './settings-page.stories.js'
import * as composition from './subscription-card.stories.js'
import * as card from './subscription-status-card.stories.js'
import { expectNoAxeViolations } from './test/expect-no-axe-violations.js'

const storyModules: Record<string, Parameters<typeof composeStories>[0]> = {
  AccessGate: accessGate,
  BillingErrorNotice: errorNotice,
  BillingSyncNotice: syncNotice,
  CheckoutButton: checkout,
  ManageBillingButton: button,
  PastDueBanner: banner,
  SettingsPage: settingsPage,
  SubscriptionStatusCard: card,
  Composition: composition,
}

// Play functions find elements by the words of the story's locale: run them in a second locale too,
// so a play function that looks for English names fails here instead of silently in Storybook.
for (const locale of ['en', 'de']) {
  for (const [component, module] of Object.entries(storyModules)) {
    const stories: Record<string, { run: (context: { canvasElement: HTMLElement }) => Promise<void> }> = composeStories(
      module,
      { initialGlobals: { locale } },
    )
    describe(`given the ${component} stories in ${locale}`, () => {
      for (const [name, Story] of Object.entries(stories)) {
        it(`renders ${name} and its play function with no accessibility violations`, async () => {
          const canvasElement = document.createElement('div')
          document.body.append(canvasElement)
          await Story.run({ canvasElement })
          if (name !== 'HiddenWhenActive') expect(canvasElement.textContent).not.toBe('')
          await expectNoAxeViolations(canvasElement)
          canvasElement.remove()
        })
      }
    })
  }
}

describe('given the stories in German', () => {
  it('renders them in German, not only with a German label on the test', async () => {
    const { Idle } = composeStories(button, { initialGlobals: { locale: 'de' } })
    const canvasElement = document.createElement('div')
    document.body.append(canvasElement)
    await Idle.run({ canvasElement })
    expect(canvasElement).toHaveTextContent('Abrechnung verwalten')
    canvasElement.remove()
  })
})
