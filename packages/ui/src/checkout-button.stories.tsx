import type { Meta, StoryObj } from '@storybook/react'
import { expect, userEvent, within } from 'storybook/test'
import { BillingRequestError } from './billing-request-error.js'
import { CheckoutButton } from './checkout-button.js'
import type { BillingStoryParameters } from './stories/story-frame.js'

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
  play: async ({ canvasElement }) => {
    const button = within(canvasElement).getByRole('button', { name: 'Subscribe' })
    await userEvent.click(button)
    await expect(button).toHaveAttribute('aria-busy', 'true')
    await expect(button).toHaveTextContent('Opening checkout...')
  },
}

export const Failed: Story = {
  parameters: {
    billing: {
      checkout: new BillingRequestError('stripe_unavailable', 'Stripe did not answer', 502),
    } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Subscribe' }))
    await expect(await canvas.findByRole('alert')).toHaveTextContent('We couldn’t start checkout.')
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeVisible()
  },
}

export const AlreadySubscribed: Story = {
  parameters: {
    billing: {
      checkout: new BillingRequestError('already_subscribed', 'This account already has a subscription.', 409),
    } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Subscribe' }))
    await expect(await canvas.findByRole('alert')).toHaveTextContent('You already have a subscription.')
  },
}
