import type { Meta, StoryObj } from '@storybook/react'
import { PastDueBanner } from './past-due-banner.js'
import { billingStatuses } from './stories/billing-statuses.js'
import type { BillingStoryParameters } from './stories/story-frame.js'

const meta = {
  title: 'Components/PastDueBanner',
  component: PastDueBanner,
} satisfies Meta<typeof PastDueBanner>

export default meta
type Story = StoryObj<typeof meta>

const withStatus = (status: (typeof billingStatuses)[keyof typeof billingStatuses]) => ({
  billing: { status } satisfies BillingStoryParameters,
})

export const PastDueInGrace: Story = { parameters: withStatus(billingStatuses.pastDueInGrace) }
export const PastDueReadOnly: Story = { parameters: withStatus(billingStatuses.pastDueReadOnly) }
export const Unpaid: Story = { parameters: withStatus(billingStatuses.unpaid) }
export const ActionRequired: Story = { parameters: withStatus(billingStatuses.actionRequired) }
/** Nothing renders while the subscription is in good standing. */
export const HiddenWhenActive: Story = { parameters: withStatus(billingStatuses.active) }
export const Polish: Story = { parameters: withStatus(billingStatuses.pastDueInGrace), globals: { locale: 'pl' } }
export const Dark: Story = { parameters: withStatus(billingStatuses.pastDueReadOnly), globals: { theme: 'dark' } }
