'use client'

import { useCallback } from 'react'
import type { BillingRequestError } from './billing-request-error.js'
import type { OpenPortalRequest } from './billing-transport.js'
import { type BillingRedirectState, useBillingRedirect } from './use-billing-redirect.js'

/** `opening` while the session is created, `redirecting` while the browser leaves for the portal. */
export type OpenPortalState = BillingRedirectState

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
  /** Marks a plain form post under way (a server action or a URL): busy until the browser leaves. */
  leaving: () => void
}

export function useOpenPortal(options: UseOpenPortalOptions = {}): UseOpenPortalResult {
  const { start, ...rest } = useBillingRedirect<OpenPortalRequest>(
    (transport, request) => transport.openPortal(request),
    options.onError,
  )
  const openPortal = useCallback((request: OpenPortalRequest = {}) => start(request), [start])
  return { openPortal, ...rest }
}
