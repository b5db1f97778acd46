import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { BillingProvider } from './billing-provider.js'
import { createFakeTransport } from './testing/create-fake-transport.js'
import { useOpenPortal } from './use-open-portal.js'

describe('given two calls in the same frame', () => {
  it('sends one portal request', async () => {
    const transport = createFakeTransport()
    const navigate = vi.fn()
    const wrapper = ({ children }: { children: ReactNode }) => (
      <BillingProvider transport={transport} navigate={navigate}>
        {children}
      </BillingProvider>
    )
    const { result } = renderHook(() => useOpenPortal(), { wrapper })
    await act(async () => {
      await Promise.all([result.current.openPortal({ flow: 'payment_method_update' }), result.current.openPortal()])
    })
    expect(transport.calls.openPortal).toEqual([{ flow: 'payment_method_update' }])
    expect(navigate).toHaveBeenCalledTimes(1)
    expect(result.current.state).toBe('redirecting')
  })
})

describe('given the page comes back from the back-forward cache', () => {
  it('is idle again, so the button works after pressing Back', async () => {
    const transport = createFakeTransport()
    const wrapper = ({ children }: { children: ReactNode }) => (
      <BillingProvider transport={transport} navigate={() => {}}>
        {children}
      </BillingProvider>
    )
    const { result } = renderHook(() => useOpenPortal(), { wrapper })
    await act(() => result.current.openPortal())
    expect(result.current.isBusy).toBe(true)
    act(() => {
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))
    })
    expect(result.current.state).toBe('idle')
    await act(() => result.current.openPortal())
    expect(transport.calls.openPortal).toHaveLength(2)
  })
})
