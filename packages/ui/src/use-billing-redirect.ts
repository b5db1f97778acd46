'use client'

import { useCallback, useEffect, useRef, useState } from 'react'
import { useBillingContext } from './billing-context.js'
import { type BillingRequestError, toBillingRequestError } from './billing-request-error.js'
import type { BillingTransport } from './billing-transport.js'

/** `opening` while the session is created, `redirecting` while the browser leaves for Stripe. */
export type BillingRedirectState = 'idle' | 'opening' | 'redirecting' | 'failed'

export interface BillingRedirect<Request> {
  /** Creates the session and navigates to it; calls while one is under way are ignored. */
  start: (request: Request) => Promise<void>
  state: BillingRedirectState
  isBusy: boolean
  error: BillingRequestError | null
  reset: () => void
  /** The browser is leaving through a plain form post (a server action or a URL): busy until it has gone. */
  leaving: () => void
}

/** The shared life of "ask the server for a Stripe URL, then go there" (portal and Checkout). */
export function useBillingRedirect<Request>(
  createSession: (transport: BillingTransport, request: Request) => Promise<{ url: string }>,
  onErrorOption: ((error: BillingRequestError) => void) | undefined,
): BillingRedirect<Request> {
  const { transport, navigate } = useBillingContext()
  const [state, setState] = useState<BillingRedirectState>('idle')
  const [error, setError] = useState<BillingRequestError | null>(null)
  // A ref, not state: two clicks in one frame both see the state of the render before them.
  const inFlight = useRef(false)
  const onError = useRef(onErrorOption)
  onError.current = onErrorOption
  const create = useRef(createSession)
  create.current = createSession

  const start = useCallback(
    async (request: Request) => {
      if (inFlight.current) return
      inFlight.current = true
      setState('opening')
      setError(null)
      try {
        const { url } = await create.current(transport, request)
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

  const leaving = useCallback(() => {
    inFlight.current = true
    setState('redirecting')
  }, [])

  // The one reset for every kit action: coming back with the Back button restores this page from the bfcache, still "redirecting".
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) reset()
    }
    window.addEventListener('pageshow', onPageShow)
    return () => window.removeEventListener('pageshow', onPageShow)
  }, [reset])

  return { start, state, isBusy: state === 'opening' || state === 'redirecting', error, reset, leaving }
}
