'use client'

import type { BillingStatus } from '@portal-kit/core'
import type { QueryClient } from '@tanstack/react-query'
import { createContext, useContext } from 'react'
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
}

export const BillingContext = createContext<BillingContextValue | null>(null)

export function useBillingContext(): BillingContextValue {
  const value = useContext(BillingContext)
  if (!value) throw new Error('Portal Kit components must be rendered inside <BillingProvider>.')
  return value
}
