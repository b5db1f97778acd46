'use client'

import type { BillingStatus } from '@portal-kit/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useBillingContext } from './billing-context.js'
import { billingQueryKeys } from './billing-query-keys.js'
import type { BillingRequestError } from './billing-request-error.js'

/** The signed-in account's `BillingStatus`, from `GET {basePath}/status` (ETag-aware) or `initialStatus`. */
export type UseBillingStatusResult = UseQueryResult<BillingStatus, BillingRequestError>

export function useBillingStatus(): UseBillingStatusResult {
  const { basePath, queryClient, initialStatus, fetchStatus } = useBillingContext()
  return useQuery<BillingStatus, BillingRequestError>(
    {
      queryKey: billingQueryKeys.status(basePath),
      queryFn: ({ signal }) => fetchStatus(signal),
      initialData: initialStatus,
      // A server-rendered status is fresh for a while; refetching it on mount would only flash the same data.
      staleTime: 30_000,
    },
    queryClient,
  )
}
