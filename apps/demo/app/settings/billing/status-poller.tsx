'use client'

import { useBillingStatus } from '@portal-kit/ui'
import { useEffect } from 'react'

/**
 * What most tutorials do instead of sync-on-return: refetch the status every 2 s and wait for the
 * webhook. Only for the fresh-state benchmark (cookie `demo_return_sync=off`), as the contender.
 */
export function StatusPoller({ intervalMs = 2_000 }: { intervalMs?: number }) {
  const { refetch } = useBillingStatus()
  useEffect(() => {
    const timer = setInterval(() => void refetch(), intervalMs)
    return () => clearInterval(timer)
  }, [refetch, intervalMs])
  return null
}
