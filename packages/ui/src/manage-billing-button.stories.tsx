import type { Meta, StoryObj } from '@storybook/react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { BillingRequestError } from './billing-request-error.js'
import { ManageBillingButton } from './manage-billing-button.js'
import type { BillingStoryParameters } from './stories/story-frame.js'
import { storyMessages } from './stories/story-messages.js'

const meta = {
  title: 'Components/ManageBillingButton',
  component: ManageBillingButton,
  args: { variant: 'primary', size: 'md' },
  argTypes: {
    flow: {
      control: 'select',
      options: [undefined, 'payment_method_update', 'subscription_cancel', 'subscription_update'],
    },
  },
  parameters: { billing: {} satisfies BillingStoryParameters },
} satisfies Meta<typeof ManageBillingButton>

export default meta
type Story = StoryObj<typeof meta>

export const Idle: Story = {}

export const Opening: Story = {
  parameters: { billing: { portal: 'pending' } satisfies BillingStoryParameters },
  play: async ({ canvasElement, globals }) => {
    const m = storyMessages(globals)
    const button = within(canvasElement).getByRole('button', { name: m.manageBilling })
    await userEvent.click(button)
    // aria-disabled, not disabled: the button keeps the focus while busy.
    await expect(button).toHaveFocus()
    await expect(button).toHaveAttribute('aria-busy', 'true')
    await expect(button).toHaveTextContent(m.openingPortal)
  },
}

export const Failed: Story = {
  parameters: {
    billing: {
      portal: new BillingRequestError('stripe_unavailable', 'Stripe did not answer', 502),
    } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement, globals }) => {
    const m = storyMessages(globals)
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: m.manageBilling }))
    await expect(await canvas.findByRole('alert')).toHaveTextContent(m.portalFailed)
    // The focus moves in an effect, just after the alert is on screen.
    await waitFor(() => expect(canvas.getByRole('button', { name: m.retry })).toHaveFocus())
  },
}

export const NoBillingAccount: Story = {
  parameters: {
    billing: {
      portal: new BillingRequestError('no_billing_account', 'No billing account for this account', 404),
    } satisfies BillingStoryParameters,
  },
  play: async ({ canvasElement, globals }) => {
    const m = storyMessages(globals)
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: m.manageBilling }))
    await expect(await canvas.findByRole('status')).toHaveTextContent(m.errorNoBillingAccount)
    await expect(canvas.getByRole('link', { name: m.viewPlans })).toHaveAttribute('href', '/pricing')
  },
}

export const DeepLinkToPaymentMethod: Story = {
  args: { flow: 'payment_method_update', children: 'Update payment method' },
}

export const Variants: Story = {
  render: (args) => (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.75rem', alignItems: 'flex-start' }}>
      <ManageBillingButton {...args} variant="primary" />
      <ManageBillingButton {...args} variant="secondary" />
      <ManageBillingButton {...args} variant="outline" />
      <ManageBillingButton {...args} variant="ghost" />
      <ManageBillingButton {...args} variant="link" />
      <ManageBillingButton {...args} size="sm" />
      <ManageBillingButton {...args} size="lg" />
    </div>
  ),
}

/** `asChild` puts the behaviour on the host's own element, here a link. */
export const AsChild: Story = {
  args: { asChild: true, variant: 'link', children: <a href="/settings/billing">Billing settings</a> },
}

/** Posts a form (a server action or a URL), so the button works before JavaScript loads. */
export const FormAction: Story = {
  args: { formAction: '/api/billing/portal', flow: 'subscription_update', subscriptionId: 'sub_1QpRoAcme' },
}
