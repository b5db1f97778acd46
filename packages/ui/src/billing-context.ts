'use client'

import type { BillingStatus } from '@portal-kit/core'
import type { QueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'
import type { BillingRequestError } from './billing-request-error.js'
import type { BillingTransport } from './billing-transport.js'
import type { BillingFormatter } from './create-billing-formatter.js'

export interface BillingContextValue {
  basePath: string
  transport: BillingTransport
  queryClient: QueryClient
  initialStatus: BillingStatus | undefined
  format: BillingFormatter
  plansHref: string | undefined
  navigate: (url: string) => void
  /** The `?billing_error=<code>` of a failed form post, from the host or the URL; null when none. */
  returnError: string | null
  /** Reads the status with the ETag of the last full answer; a 304 returns that answer. */
  fetchStatus: (signal?: AbortSignal) => Promise<BillingStatus>
  /** Notices already announced with role="alert" in this provider, so a remount does not repeat them. */
  announcedNotices: Set<string>
  /**
   * Payment notices whose call to action a `PastDueBanner` already renders in this provider, so the
   * card does not repeat it. Filled during render, so the server HTML already says it once.
   */
  bannerNotices: Set<string>
  /** A banner mounted or left: re-renders the consumers, so a card placed above the banner drops its copy. */
  bannersChanged: () => void
  /** The last failure of an `asChild` action, for `BillingErrorNotice` wherever the host placed it. */
  actionFailure: BillingActionFailure | null
  setActionFailure: (failure: BillingActionFailure | null) => void
}

/** A failed kit action: what went wrong, how to try again, and where focus goes back to. */
export interface BillingActionFailure {
  kind: 'manage-billing' | 'checkout'
  error: BillingRequestError
  retry: () => void
  /** The host's element that started the action. */
  trigger: HTMLElement | null
}

export const BillingContext = createContext<BillingContextValue | null>(null)

export function useBillingContext(): BillingContextValue {
  const value = useContext(BillingContext)
  if (!value) throw new Error('Portal Kit components must be rendered inside <BillingProvider>.')
  return value
}
