import type { BillingStatus } from '@portal-kit/core'
import { notifyManager } from '@tanstack/react-query'
import { act, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BillingProvider } from './billing-provider.js'
import { BillingRequestError } from './billing-request-error.js'
import { BillingSyncNotice } from './billing-sync-notice.js'
import { billingStatuses } from './stories/billing-statuses.js'
import { createFakeTransport } from './testing/create-fake-transport.js'
import { useBillingStatus } from './use-billing-status.js'

function ShownStatus() {
  const { data } = useBillingStatus()
  return <p>Notice: {data?.notice?.kind ?? 'none'}</p>
}

function returnFromPortal(search = '?tab=billing&billing_return=1') {
  window.history.replaceState(null, '', `/settings${search}`)
}

const syncFailed = new BillingRequestError('stripe_unavailable', 'Stripe did not answer', 502)
const before: BillingStatus = billingStatuses.active
const after: BillingStatus = billingStatuses.cancelingByFlag

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  // React Query hands results to React on a zero timeout; under a fake clock, deliver them at once.
  notifyManager.setScheduler((callback) => callback())
})
afterEach(() => {
  notifyManager.setScheduler((callback) => setTimeout(callback, 0))
  vi.useRealTimers()
})

describe('given a page opened without the return marker', () => {
  it('neither syncs nor polls nor shows anything', async () => {
    window.history.replaceState(null, '', '/settings')
    const transport = createFakeTransport({ status: before })
    const { container } = render(
      <BillingProvider transport={transport} initialStatus={before}>
        <BillingSyncNotice />
      </BillingProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(60_000))
    expect(transport.calls.sync).toBe(0)
    expect(transport.calls.getStatus).toHaveLength(0)
    expect(container).toBeEmptyDOMElement()
  })
})

describe('given a return from the portal', () => {
  it('says "Updating your account..." while the sync runs, keeping the marker until it is done', async () => {
    returnFromPortal()
    const transport = createFakeTransport({ status: before, sync: 'pending' })
    render(
      <BillingProvider transport={transport} initialStatus={before}>
        <BillingSyncNotice />
        <ShownStatus />
      </BillingProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(5_000))
    expect(screen.getByRole('status')).toHaveTextContent('Updating your account...')
    expect(transport.calls.sync).toBe(1)
    expect(screen.getByText('Notice: none')).toBeInTheDocument()
    expect(window.location.search).toBe('?tab=billing&billing_return=1')
  })

  it('applies the status the sync returns and clears the marker', async () => {
    returnFromPortal()
    const transport = createFakeTransport({ status: before, sync: after })
    render(
      <BillingProvider transport={transport} initialStatus={before}>
        <BillingSyncNotice />
        <ShownStatus />
      </BillingProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(0))
    expect(screen.getByText('Notice: canceling')).toBeInTheDocument()
    expect(screen.queryByRole('status')).toBeNull()
    expect(window.location.pathname + window.location.search).toBe('/settings?tab=billing')
    expect(transport.calls.getStatus).toHaveLength(0)
  })
})

describe('given a return from the portal whose sync fails', () => {
  it('polls the status with its ETag, backing off from 1 s, and stops when the version changes', async () => {
    returnFromPortal()
    const transport = createFakeTransport({ status: before, sync: syncFailed })
    render(
      <BillingProvider transport={transport} initialStatus={before}>
        <BillingSyncNotice />
        <ShownStatus />
      </BillingProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(999))
    expect(transport.calls.getStatus).toHaveLength(0)
    await act(() => vi.advanceTimersByTimeAsync(1))
    expect(transport.calls.getStatus).toHaveLength(1)
    await act(() => vi.advanceTimersByTimeAsync(2_000))
    expect(transport.calls.getStatus).toHaveLength(2)
    // The second poll sent the ETag of the first answer and got a 304.
    expect(transport.calls.getStatus[1]).toEqual({ etag: `"${before.version}"` })
    expect(screen.getByRole('status')).toHaveTextContent('Updating your account...')

    transport.update({ status: after })
    await act(() => vi.advanceTimersByTimeAsync(4_000))
    await act(() => vi.advanceTimersByTimeAsync(0))
    expect(transport.calls.getStatus).toHaveLength(3)
    expect(screen.getByText('Notice: canceling')).toBeInTheDocument()
    expect(screen.queryByRole('status')).toBeNull()
    expect(window.location.search).toBe('?tab=billing')

    await act(() => vi.advanceTimersByTimeAsync(60_000))
    expect(transport.calls.getStatus).toHaveLength(3)
  })

  it('gives up after 30 s with a plain message, and stops polling', async () => {
    returnFromPortal()
    const transport = createFakeTransport({ status: before, sync: syncFailed })
    render(
      <BillingProvider transport={transport} initialStatus={before}>
        <BillingSyncNotice />
      </BillingProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(29_999))
    expect(screen.getByRole('status')).toHaveTextContent('Updating your account...')
    await act(() => vi.advanceTimersByTimeAsync(1))
    expect(screen.getByRole('status')).toHaveTextContent(
      'This is taking longer than usual. Your changes are saved and will appear shortly.',
    )
    const polls = transport.calls.getStatus.length
    expect(polls).toBeGreaterThanOrEqual(4)
    await act(() => vi.advanceTimersByTimeAsync(60_000))
    expect(transport.calls.getStatus).toHaveLength(polls)
    expect(window.location.search).toBe('?tab=billing')
  })

  it('stops polling while the tab is hidden and resumes when it is visible again', async () => {
    returnFromPortal()
    const transport = createFakeTransport({ status: before, sync: syncFailed })
    let visibility: DocumentVisibilityState = 'visible'
    const spy = vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility)
    render(
      <BillingProvider transport={transport} initialStatus={before}>
        <BillingSyncNotice />
      </BillingProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(transport.calls.getStatus).toHaveLength(1)

    visibility = 'hidden'
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await act(() => vi.advanceTimersByTimeAsync(10_000))
    expect(transport.calls.getStatus).toHaveLength(1)

    visibility = 'visible'
    transport.update({ status: after })
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'))
      await vi.advanceTimersByTimeAsync(0)
    })
    expect(transport.calls.getStatus).toHaveLength(2)
    expect(screen.queryByRole('status')).toBeNull()
    spy.mockRestore()
  })
})

describe('given a return marker with the time the portal was opened', () => {
  it('shows no notice when the initial status was synced after that time, but still syncs quietly', async () => {
    // A sync during the visit (a webhook for the new customer, say) may predate what the customer did
    // in the portal, so a fresh-looking status is checked once more, without telling anyone.
    const openedAt = Date.parse(before.syncedAt!) - 60_000
    returnFromPortal(`?tab=billing&billing_return=${openedAt}`)
    const transport = createFakeTransport({ status: before, sync: after })
    const notices: string[] = []
    const observer = new MutationObserver(() => {
      const text = screen.queryByRole('status')?.textContent
      if (text) notices.push(text)
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    render(
      <BillingProvider transport={transport} initialStatus={before}>
        <BillingSyncNotice />
        <ShownStatus />
      </BillingProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(5_000))
    observer.disconnect()
    expect(notices).toEqual([])
    expect(screen.queryByRole('status')).toBeNull()
    expect(transport.calls.sync).toBe(1)
    // With the visit time, the server answers the sync the page made as it rendered instead of a 429.
    expect(transport.calls.syncVisitedAt).toEqual([openedAt])
    expect(screen.getByText('Notice: canceling')).toBeInTheDocument()
    expect(window.location.pathname + window.location.search).toBe('/settings?tab=billing')
  })

  it('stays silent when that quiet sync fails, and does not poll', async () => {
    const openedAt = Date.parse(before.syncedAt!) - 60_000
    returnFromPortal(`?billing_return=${openedAt}`)
    const transport = createFakeTransport({ status: before, sync: syncFailed })
    render(
      <BillingProvider transport={transport} initialStatus={before}>
        <BillingSyncNotice />
        <ShownStatus />
      </BillingProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(40_000))
    expect(screen.queryByRole('status')).toBeNull()
    expect(transport.calls.getStatus).toHaveLength(0)
    expect(screen.getByText('Notice: none')).toBeInTheDocument()
    expect(window.location.search).toBe('')
  })

  it('syncs as before when the initial status is older than the visit', async () => {
    const openedAt = Date.parse(before.syncedAt!) + 60_000
    returnFromPortal(`?tab=billing&billing_return=${openedAt}`)
    const transport = createFakeTransport({ status: before, sync: 'pending' })
    render(
      <BillingProvider transport={transport} initialStatus={before}>
        <BillingSyncNotice />
      </BillingProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(0))
    expect(screen.getByRole('status')).toHaveTextContent('Updating your account...')
    expect(transport.calls.sync).toBe(1)
    expect(transport.calls.syncVisitedAt).toEqual([openedAt])
  })

  it('syncs as before for the old marker value 1, whose time is unknown', async () => {
    returnFromPortal('?billing_return=1')
    const transport = createFakeTransport({ status: before, sync: 'pending' })
    render(
      <BillingProvider transport={transport} initialStatus={before}>
        <BillingSyncNotice />
      </BillingProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(0))
    expect(screen.getByRole('status')).toHaveTextContent('Updating your account...')
    expect(transport.calls.sync).toBe(1)
    expect(transport.calls.syncVisitedAt).toEqual([null])
  })
})
