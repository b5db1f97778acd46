import type { Meta, StoryObj } from '@storybook/react'
import { BillingSyncNotice } from './billing-sync-notice.js'
import { ManageBillingButton } from './manage-billing-button.js'
import { PastDueBanner } from './past-due-banner.js'
import { billingStatuses } from './stories/billing-statuses.js'
import type { BillingStoryParameters } from './stories/story-frame.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'

/** The components as a host app drops them into its billing settings page. */
function SettingsPage() {
  return (
    <main style={{ maxWidth: '44rem', margin: '0 auto', fontFamily: 'var(--pk-font)', color: 'var(--pk-foreground)' }}>
      <h1 style={{ fontSize: '1.5rem', fontWeight: 700, margin: '0 0 0.25rem', letterSpacing: '-0.02em' }}>Billing</h1>
      <p style={{ margin: '0 0 1.5rem', color: 'var(--pk-muted-foreground)', fontSize: '0.9375rem' }}>
        Your plan, payment method and invoices for Acme Inc.
      </p>
      <div style={{ display: 'flex', flexDirection: 'column', gap: '1rem' }}>
        <BillingSyncNotice />
        <PastDueBanner />
        <SubscriptionStatusCard headingLevel={2} />
        <section
          aria-labelledby="invoices-heading"
          style={{
            display: 'flex',
            justifyContent: 'space-between',
            alignItems: 'center',
            gap: '1rem',
            padding: '0 0.25rem',
          }}
        >
          <div>
            <h2 id="invoices-heading" style={{ fontSize: '0.9375rem', margin: 0 }}>
              Invoices and receipts
            </h2>
            <p style={{ margin: 0, color: 'var(--pk-muted-foreground)', fontSize: '0.875rem' }}>
              Download past invoices in the billing portal.
            </p>
          </div>
          <ManageBillingButton variant="link" size="sm">
            View invoices
          </ManageBillingButton>
        </section>
      </div>
    </main>
  )
}

const meta = {
  title: 'Examples/Settings page',
  component: SettingsPage,
} satisfies Meta<typeof SettingsPage>

export default meta
type Story = StoryObj<typeof meta>

export const PaymentFailed: Story = {
  parameters: { billing: { status: billingStatuses.pastDueInGrace } satisfies BillingStoryParameters },
}
export const Active: Story = {
  parameters: { billing: { status: billingStatuses.team } satisfies BillingStoryParameters },
}
export const ReturningFromPortal: Story = {
  parameters: {
    billing: {
      status: billingStatuses.cancelingByFlag,
      sync: 'pending',
      returnFromPortal: true,
    } satisfies BillingStoryParameters,
  },
}
export const DarkPaymentFailed: Story = {
  parameters: { billing: { status: billingStatuses.pastDueReadOnly } satisfies BillingStoryParameters },
  globals: { theme: 'dark' },
}
