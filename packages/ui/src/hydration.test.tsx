import { act } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { BillingProvider } from './billing-provider.js'
import { BillingSyncNotice } from './billing-sync-notice.js'
import { PastDueBanner } from './past-due-banner.js'
import { billingStatuses } from './stories/billing-statuses.js'
import { SubscriptionStatusCard } from './subscription-status-card.js'
import { createFakeTransport } from './testing/create-fake-transport.js'

describe('given server HTML rendered with the same initial status', () => {
  it('hydrates without a mismatch or any console error', async () => {
    const status = billingStatuses.pastDueReadOnly
    const page = (
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} timeZone="UTC">
        <BillingSyncNotice />
        <PastDueBanner />
        <SubscriptionStatusCard />
      </BillingProvider>
    )
    const container = document.createElement('div')
    container.innerHTML = renderToString(page)
    document.body.append(container)
    const serverHtml = container.innerHTML
    const errors = vi.spyOn(console, 'error')
    const recoverable = vi.fn()
    const root = await act(async () => hydrateRoot(container, page, { onRecoverableError: recoverable }))
    expect(errors).not.toHaveBeenCalled()
    expect(recoverable).not.toHaveBeenCalled()
    expect(container.innerHTML).toBe(serverHtml)
    act(() => root.unmount())
    container.remove()
    errors.mockRestore()
  })
})
