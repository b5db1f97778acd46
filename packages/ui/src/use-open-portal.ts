'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import { useBillingContext } from './billing-context.js'
import { type BillingRequestError, toBillingRequestError } from './billing-request-error.js'
import type { OpenPortalRequest } from './billing-transport.js'

/** `opening` while the session is created, `redirecting` while the browser leaves for the portal. */
export type OpenPortalState = 'idle' | 'opening' | 'redirecting' | 'failed'

export interface UseOpenPortalOptions {
  onError?: (error: BillingRequestError) => void
}

export interface UseOpenPortalResult {
  /** Creates a portal session and navigates to it; calls while one is under way are ignored. */
  openPortal: (request?: OpenPortalRequest) => Promise<void>
  state: OpenPortalState
  isBusy: boolean
  error: BillingRequestError | null
  reset: () => void
}

export function useOpenPortal(options: UseOpenPortalOptions = {}): UseOpenPortalResult {
  const { transport, navigate } = useBillingContext()
  const [state, setState] = useState<OpenPortalState>('idle')
  const [error, setError] = useState<BillingRequestError | null>(null)
  // A ref, not state: two clicks in one frame both see the state of the render before them.
  const inFlight = useRef(false)
  const onError = useRef(options.onError)
  onError.current = options.onError

  const openPortal = useCallback(
    async (request: OpenPortalRequest = {}) => {
      if (inFlight.current) return
      inFlight.current = true
      setState('opening')
      setError(null)
      try {
        const { url } = await transport.openPortal(request)
        setState('redirecting')
        navigate(url)
      } catch (caught) {
        inFlight.current = false
        const failure = toBillingRequestError(caught)
        setError(failure)
        setState('failed')
        onError.current?.(failure)
      }
    },
    [transport, navigate],
  )

  const reset = useCallback(() => {
    inFlight.current = false
    setState('idle')
    setError(null)
  }, [])

  // Coming back with the Back button restores this page from the bfcache, still "redirecting".
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) reset()
    }
    window.addEventListener('pageshow', onPageShow)
    return () => window.removeEventListener('pageshow', onPageShow)
  }, [reset])

  return { openPortal, state, isBusy: state === 'opening' || state === 'redirecting', error, reset }
}
