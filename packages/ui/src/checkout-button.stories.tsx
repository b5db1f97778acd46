import type { Meta, StoryObj } from '@storybook/react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { BillingRequestError } from './billing-request-error.js'
import { CheckoutButton } from './checkout-button.js'
import type { BillingStoryParameters } from './stories/story-frame.js'
import { storyMessages } from './stories/story-messages.js'

const meta = {
  title: 'Components/CheckoutButton',
  component: CheckoutButton,
  args: { priceId: 'price_pro_monthly', variant: 'primary', size: 'md' },
  parameters: { billing: {} satisfies BillingStoryParameters },
} satisfies Meta<typeof CheckoutButton>

export default meta
type Story = StoryObj<typeof meta>

/** A form posting `priceId` to `{basePath}/checkout`, so it subscribes without JavaScript too. */
export const Idle: Story = {}

export const Opening: Story = {
  parameters: { billing: { checkout: 'pending' } satisfies BillingStoryParameters },
  play: async ({ canvasElement, globals }) => {
    const m = storyMessages(globals)
    const button = within(canvasElement).getByRole('button', { name: m.subscribe })
    await userEvent.click(button)
    // aria-disabled, not disabled: the button keeps the focus while busy.
    await expect(button).toHaveFocus()
    await expect(button).toHaveAttribute('aria-busy', 'true')
    await expect(button).toHaveTextContent(m.openingCheckout)
  },
}

export const Failed: Story = {
  parameters: {
    billing: {
      checkout: new BillingRequestError('stripe_unavailable', 'Stripe did not answer', 502),
    } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement, globals }) => {
    const m = storyMessages(globals)
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: m.subscribe }))
    await expect(await canvas.findByRole('alert')).toHaveTextContent(m.checkoutFailed)
    // The focus moves in an effect, just after the alert is on screen.
    await waitFor(() => expect(canvas.getByRole('button', { name: m.retry })).toHaveFocus())
  },
}

export const AlreadySubscribed: Story = {
  parameters: {
    billing: {
      checkout: new BillingRequestError('already_subscribed', 'This account already has a subscription.', 409),
    } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement, globals }) => {
    const m = storyMessages(globals)
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: m.subscribe }))
    await expect(await canvas.findByRole('alert')).toHaveTextContent(m.errorAlreadySubscribed)
  },
}
