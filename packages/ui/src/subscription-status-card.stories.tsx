import type { Meta, StoryObj } from '@storybook/react'
import { expect, within } from 'storybook/test'
import { BillingRequestError } from './billing-request-error.js'
import { billingStatuses } from './stories/billing-statuses.js'
import type { BillingStoryParameters } from './stories/story-frame.js'
import { storyMessages } from './stories/story-messages.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'

const meta = {
  title: 'Components/SubscriptionStatusCard',
  component: SubscriptionStatusCard,
  decorators: [
    (Story) => (
      <div style={{ maxWidth: '36rem' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof SubscriptionStatusCard>

export default meta
type Story = StoryObj<typeof meta>

const withStatus = (status: (typeof billingStatuses)[keyof typeof billingStatuses]) => ({
  billing: { status } satisfies BillingStoryParameters,
})

export const Active: Story = { parameters: withStatus(billingStatuses.active) }
export const TeamYearly: Story = { parameters: withStatus(billingStatuses.team) }
/** A coupon that runs for three months: what a period costs now, the regular price struck through, and until when. */
export const Discounted: Story = { parameters: withStatus(billingStatuses.discounted) }
/** Several discounts, each on what the previous left: a one-off credit on the next payment and a lasting percentage. */
export const DiscountedTeam: Story = { parameters: withStatus(billingStatuses.discountedTeam) }
/** A tiered or metered price: the amount is not known in advance, and the card says so. */
export const UsageBased: Story = { parameters: withStatus(billingStatuses.usageBased) }
export const Trialing: Story = { parameters: withStatus(billingStatuses.trialing) }
export const TrialEnding: Story = { parameters: withStatus(billingStatuses.trialEnding) }
export const TrialEndingWithoutCard: Story = { parameters: withStatus(billingStatuses.trialEndingWithoutCard) }
export const CancelingByFlag: Story = { parameters: withStatus(billingStatuses.cancelingByFlag) }
export const CancelingByCancelAt: Story = { parameters: withStatus(billingStatuses.cancelingByCancelAt) }
export const PastDueInGrace: Story = { parameters: withStatus(billingStatuses.pastDueInGrace) }
export const PastDueReadOnly: Story = { parameters: withStatus(billingStatuses.pastDueReadOnly) }
export const Unpaid: Story = { parameters: withStatus(billingStatuses.unpaid) }
export const ActionRequired: Story = { parameters: withStatus(billingStatuses.actionRequired) }
export const Canceled: Story = { parameters: withStatus(billingStatuses.canceled) }
export const Paused: Story = { parameters: withStatus(billingStatuses.paused) }
export const NoSubscription: Story = { parameters: withStatus(billingStatuses.noSubscription) }

export const Loading: Story = {
  parameters: { billing: { status: 'pending', initialStatus: null } satisfies BillingStoryParameters },
}

export const LoadError: Story = {
  parameters: {
    billing: {
      status: new BillingRequestError('store_unavailable', 'Database unavailable', 503),
      initialStatus: null,
    } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement, globals }) => {
    const alert = await within(canvasElement).findByRole('alert', {}, { timeout: 5000 })
    await expect(alert).toHaveTextContent(storyMessages(globals).loadFailed)
  },
}

export const German: Story = { parameters: withStatus(billingStatuses.team), globals: { locale: 'de' } }
export const Dark: Story = { parameters: withStatus(billingStatuses.pastDueInGrace), globals: { theme: 'dark' } }

/** Back from a portal form post that failed (`?billing_error=stripe_unavailable`), without JavaScript. */
export const ReturnError: Story = {
  parameters: {
    billing: { status: billingStatuses.active, returnError: 'stripe_unavailable' } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement, globals }) => {
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent(storyMessages(globals).errorUnavailable)
  },
}
