import type { Meta, StoryObj } from '@storybook/react'
import { AccessGate } from './access-gate.js'
import { billingStatuses } from './stories/billing-statuses.js'
import type { BillingStoryParameters } from './stories/story-frame.js'

const meta = {
  title: 'Components/AccessGate',
  component: AccessGate,
  args: {
    children: (
      <p style={{ fontFamily: 'var(--pk-font)', color: 'var(--pk-foreground)', margin: 0 }}>
        Export your workspace as CSV.
      </p>
    ),
    fallback: (
      <p style={{ fontFamily: 'var(--pk-font)', color: 'var(--pk-foreground)', margin: 0 }}>
        Exports need an active subscription.
      </p>
    ),
  },
} satisfies Meta<typeof AccessGate>

export default meta
type Story = StoryObj<typeof meta>

export const FullAccess: Story = {
  parameters: { billing: { status: billingStatuses.active } satisfies BillingStoryParameters },
}
export const GraceCountsAsPaid: Story = {
  parameters: { billing: { status: billingStatuses.pastDueInGrace } satisfies BillingStoryParameters },
}
export const ReadOnlyShowsFallback: Story = {
  parameters: { billing: { status: billingStatuses.pastDueReadOnly } satisfies BillingStoryParameters },
}
export const OnlyReadOnlyAllowed: Story = {
  args: { allow: ['read_only'] },
  parameters: { billing: { status: billingStatuses.unpaid } satisfies BillingStoryParameters },
}
