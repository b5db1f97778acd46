import { act, waitFor } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { BillingProvider } from './billing-provider.js'
import { BillingSyncNotice } from './billing-sync-notice.js'
import { loadBillingMessages } from './messages/load-billing-messages.js'
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

describe('given a page in German', () => {
  it('renders the catalog the server passed in the server HTML and hydrates it without a mismatch', async () => {
    const status = billingStatuses.pastDueInGrace
    const messages = await loadBillingMessages('de-DE')
    const page = (
      <BillingProvider
        transport={createFakeTransport({ status })}
        initialStatus={status}
        locale="de-DE"
        messages={messages}
        timeZone="UTC"
      >
        <PastDueBanner />
        <SubscriptionStatusCard />
      </BillingProvider>
    )
    const container = document.createElement('div')
    container.innerHTML = renderToString(page)
    document.body.append(container)
    const serverHtml = container.innerHTML
    expect(container).toHaveTextContent('Ihre letzte Zahlung ist fehlgeschlagen.')
    expect(container).toHaveTextContent('Sie behalten vollen Zugriff bis zum 26. November 2026.')
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

  it('hydrates English server HTML (no catalog passed) without a mismatch although the page holds German, then shows German', async () => {
    await loadBillingMessages('de')
    const status = billingStatuses.pastDueInGrace
    const page = (
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} locale="de" timeZone="UTC">
        <PastDueBanner />
      </BillingProvider>
    )
    const container = document.createElement('div')
    container.innerHTML = renderToString(page)
    document.body.append(container)
    expect(container).toHaveTextContent('Your last payment failed.')
    const errors = vi.spyOn(console, 'error')
    const recoverable = vi.fn()
    const root = await act(async () => hydrateRoot(container, page, { onRecoverableError: recoverable }))
    expect(errors).not.toHaveBeenCalled()
    expect(recoverable).not.toHaveBeenCalled()
    await waitFor(() => expect(container).toHaveTextContent('Ihre letzte Zahlung ist fehlgeschlagen.'))
    act(() => root.unmount())
    container.remove()
    errors.mockRestore()
  })
})
