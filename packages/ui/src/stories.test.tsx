import { composeStories } from '@storybook/react'
import { describe, expect, it } from 'vitest'
import * as accessGate from './access-gate.stories.js'
import * as errorNotice from './billing-error-notice.stories.js'
import * as syncNotice from './billing-sync-notice.stories.js'
import * as checkout from './checkout-button.stories.js'
import * as button from './manage-billing-button.stories.js'
import * as banner from './past-due-banner.stories.js'
import * as settingsPage from './settings-page.stories.js'
import * as card from './subscription-status-card.stories.js'
import { expectNoAxeViolations } from './test/expect-no-axe-violations.js'

const storyFiles = {
  AccessGate: composeStories(accessGate),
  BillingErrorNotice: composeStories(errorNotice),
  BillingSyncNotice: composeStories(syncNotice),
  CheckoutButton: composeStories(checkout),
  ManageBillingButton: composeStories(button),
  PastDueBanner: composeStories(banner),
  SettingsPage: composeStories(settingsPage),
  SubscriptionStatusCard: composeStories(card),
}

for (const [component, stories] of Object.entries(storyFiles)) {
  describe(`given the ${component} stories`, () => {
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
