import type { Meta, StoryObj } from '@storybook/react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { BillingErrorNotice } from './billing-error-notice.js'
import { BillingRequestError } from './billing-request-error.js'
import { buttonVariants } from './button-variants.js'
import { ManageBillingButton } from './manage-billing-button.js'
import { billingStatuses } from './stories/billing-statuses.js'
import type { BillingStoryParameters } from './stories/story-frame.js'
import { storyMessages } from './stories/story-messages.js'
import {
  SubscriptionCard,
  SubscriptionCardActions,
  SubscriptionCardDiscounts,
  SubscriptionCardHeader,
  SubscriptionCardPrice,
  SubscriptionCardStatus,
} from './subscription-card.js'

/**
 * A host's design system rebuilding the card from its parts: its own layout and classes, the price
 * beside the header, the status sentence under a rule, the kit's actions (the same
 * `subscriptionCardActions(status)` decisions) and a host link rendered with `asChild`, whose failure
 * shows in the `BillingErrorNotice` placed above it.
 */
function ComposedCard() {
  return (
    <div style={{ maxWidth: '40rem', display: 'grid', gap: '0.75rem' }}>
      <SubscriptionCard headingLevel={2} style={{ borderRadius: 4, borderWidth: 2 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: '0.5rem 1.5rem' }}>
          <SubscriptionCardHeader style={{ flex: '1 1 12rem' }} />
          <SubscriptionCardPrice style={{ textAlign: 'end' }} />
        </div>
        <SubscriptionCardDiscounts style={{ textAlign: 'end' }} />
        <hr style={{ border: 0, borderTop: '1px dashed var(--pk-border)', margin: 0, width: '100%' }} />
        <SubscriptionCardStatus />
        <BillingErrorNotice />
        <SubscriptionCardActions style={{ borderTop: 0, paddingTop: 0 }} />
      </SubscriptionCard>
      <ManageBillingButton asChild>
        <a
          href="/settings/invoices"
          className={buttonVariants({ variant: 'link', size: 'sm' })}
          style={{ justifySelf: 'start' }}
        >
          Invoices
        </a>
      </ManageBillingButton>
    </div>
  )
}

const meta = {
  title: 'Examples/Composition',
  component: ComposedCard,
} satisfies Meta<typeof ComposedCard>

export default meta
type Story = StoryObj<typeof meta>

export const TeamPlanFromParts: Story = {
  parameters: { billing: { status: billingStatuses.team } satisfies BillingStoryParameters },
}

/** Two discounts on the team plan: the price beside the header is the discounted one, the list sits under it. */
export const DiscountedTeamFromParts: Story = {
  parameters: { billing: { status: billingStatuses.discountedTeam } satisfies BillingStoryParameters },
}

export const UsageBasedFromParts: Story = {
  parameters: { billing: { status: billingStatuses.usageBased } satisfies BillingStoryParameters },
}

/** The host's `asChild` link failed: the notice it placed says why, and its retry takes the focus. */
export const AsChildFailed: Story = {
  parameters: {
    billing: {
      status: billingStatuses.active,
      portal: new BillingRequestError('stripe_unavailable', 'Stripe did not answer', 502),
    } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('link', { name: 'Invoices' }))
    const alert = await canvas.findByRole('alert')
    await expect(alert).toHaveAttribute('data-slot', 'billing-error-notice')
    // The focus moves in an effect, just after the alert is on screen.
    await waitFor(() => expect(within(alert).getByRole('button')).toHaveFocus())
  },
}

/** The same parts with a failed payment and no banner on the page: the card says it, once. */
export const PastDueFromParts: Story = {
  parameters: { billing: { status: billingStatuses.pastDueInGrace } satisfies BillingStoryParameters },
  play: async ({ canvasElement, globals }) => {
    const m = storyMessages(globals)
    await expect(within(canvasElement).getAllByRole('button', { name: m.updatePaymentMethod })).toHaveLength(1)
  },
}
