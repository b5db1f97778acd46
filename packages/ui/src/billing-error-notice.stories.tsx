import type { Meta, StoryObj } from '@storybook/react'
import { expect, within } from 'storybook/test'
import { BillingErrorNotice } from './billing-error-notice.js'
import type { BillingStoryParameters } from './stories/story-frame.js'
import { storyMessages } from './stories/story-messages.js'

const meta = {
  title: 'Components/BillingErrorNotice',
  component: BillingErrorNotice,
  parameters: { billing: { returnError: 'rate_limited' } satisfies BillingStoryParameters },
} satisfies Meta<typeof BillingErrorNotice>

export default meta
type Story = StoryObj<typeof meta>

/** Back from a failed form post with `?billing_error=rate_limited`, rendered on the server. */
export const RateLimited: Story = {
  play: async ({ canvasElement, globals }) => {
    const m = storyMessages(globals)
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent(m.errorRateLimited)
  },
}

/** A code this version does not know (a newer server) reads as "unavailable". */
export const UnknownCode: Story = {
  parameters: { billing: { returnError: 'not_configured' } satisfies BillingStoryParameters },
  play: async ({ canvasElement, globals }) => {
    const m = storyMessages(globals)
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent(m.errorUnavailable)
  },
}
