import type { Meta, StoryObj } from '@storybook/react'
import { expect, within } from 'storybook/test'
import { BillingRequestError } from './billing-request-error.js'
import { BillingSyncNotice } from './billing-sync-notice.js'
import { billingStatuses } from './stories/billing-statuses.js'
import type { BillingStoryParameters } from './stories/story-frame.js'
import { storyMessages } from './stories/story-messages.js'

const meta = {
  title: 'Components/BillingSyncNotice',
  component: BillingSyncNotice,
} satisfies Meta<typeof BillingSyncNotice>

export default meta
type Story = StoryObj<typeof meta>

/** Back from the portal: the sync call is under way. */
export const Syncing: Story = {
  parameters: {
    billing: {
      status: billingStatuses.active,
      sync: 'pending',
      returnFromPortal: true,
    } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement, globals }) => {
    await expect(await within(canvasElement).findByRole('status')).toHaveTextContent(storyMessages(globals).syncing)
  },
}

/** The sync failed and the status did not change before the time limit (shortened here from 30 s). */
export const SyncTimedOut: Story = {
  args: { timeoutMs: 0 },
  parameters: {
    billing: {
      status: billingStatuses.active,
      sync: new BillingRequestError('rate_limited', 'Too many syncs', 429),
      returnFromPortal: true,
    } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement, globals }) => {
    await expect(await within(canvasElement).findByRole('status')).toHaveTextContent(storyMessages(globals).syncSlow)
  },
}
