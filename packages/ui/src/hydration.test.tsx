import { act, waitFor } from '@testing-library/react'
import type { ReactElement } from 'react'
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

/** The page's server HTML in a container on the document, as the browser receives it. */
function serverRendered(page: ReactElement): HTMLDivElement {
  const container = document.createElement('div')
  container.innerHTML = renderToString(page)
  document.body.append(container)
  return container
}

/** Hydrates the server HTML, watching console and recoverable errors; `done` unmounts and cleans up. */
async function hydrate(container: HTMLDivElement, page: ReactElement) {
  const errors = vi.spyOn(console, 'error')
  const recoverable = vi.fn()
  const root = await act(async () => hydrateRoot(container, page, { onRecoverableError: recoverable }))
  const done = () => {
    act(() => root.unmount())
    container.remove()
    errors.mockRestore()
  }
  return { errors, recoverable, done }
}

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
    const container = serverRendered(page)
    const serverHtml = container.innerHTML
    const { errors, recoverable, done } = await hydrate(container, page)
    expect(errors).not.toHaveBeenCalled()
    expect(recoverable).not.toHaveBeenCalled()
    expect(container.innerHTML).toBe(serverHtml)
    done()
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
    const container = serverRendered(page)
    const serverHtml = container.innerHTML
    expect(container).toHaveTextContent('Ihre letzte Zahlung ist fehlgeschlagen.')
    expect(container).toHaveTextContent('Sie behalten vollen Zugriff bis zum 26. November 2026.')
    const { errors, recoverable, done } = await hydrate(container, page)
    expect(errors).not.toHaveBeenCalled()
    expect(recoverable).not.toHaveBeenCalled()
    expect(container.innerHTML).toBe(serverHtml)
    done()
  })

  it('hydrates English server HTML (no catalog passed) without a mismatch although the page holds German, then shows German', async () => {
    await loadBillingMessages('de')
    const status = billingStatuses.pastDueInGrace
    const page = (
      <BillingProvider transport={createFakeTransport({ status })} initialStatus={status} locale="de" timeZone="UTC">
        <PastDueBanner />
      </BillingProvider>
    )
    const container = serverRendered(page)
    expect(container).toHaveTextContent('Your last payment failed.')
    const { errors, recoverable, done } = await hydrate(container, page)
    expect(errors).not.toHaveBeenCalled()
    expect(recoverable).not.toHaveBeenCalled()
    await waitFor(() => expect(container).toHaveTextContent('Ihre letzte Zahlung ist fehlgeschlagen.'))
    done()
  })
})
