// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { AccessGate } from './access-gate.js'
import { BillingProvider } from './billing-provider.js'
import { BillingSyncNotice } from './billing-sync-notice.js'
import { ManageBillingButton } from './manage-billing-button.js'
import { PastDueBanner } from './past-due-banner.js'
import { billingStatuses } from './stories/billing-statuses.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

describe('given a server render with the status read on the server', () => {
  it('renders the filled-in components without warnings and without touching window', () => {
    const errors = vi.spyOn(console, 'error')
    const warnings = vi.spyOn(console, 'warn')
    const status = billingStatuses.pastDueInGrace
    const html = renderToString(
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <BillingSyncNotice />
        <PastDueBanner />
        <SubscriptionStatusCard />
        <ManageBillingButton />
        <AccessGate fallback="locked">unlocked</AccessGate>
      </BillingProvider>,
    )
    expect(html).toContain('You keep full access until November 26, 2026.')
    expect(html).toContain('$29.00 per month')
    expect(html).toContain('unlocked')
    expect(html).not.toContain('Updating your account')
    expect(errors).not.toHaveBeenCalled()
    expect(warnings).not.toHaveBeenCalled()
    errors.mockRestore()
    warnings.mockRestore()
  })
})
