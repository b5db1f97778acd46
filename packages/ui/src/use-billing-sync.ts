'use client'

import type { BillingStatus } from '@portal-kit/core'
import { useEffect, useState } from 'react'
import { useBillingContext } from './billing-context.js'
import { billingQueryKeys } from './billing-query-keys.js'

/** `syncing` covers the sync call and the polling after it; `slow` is the 30 s give-up. */
export type BillingSyncState = 'idle' | 'syncing' | 'done' | 'slow'

export interface UseBillingSyncOptions {
  /** The query parameter the server adds to the portal's return URL. Default `billing_return`. */
  param?: string
  /** How long to poll for a new status after a failed sync before saying so. Default 30 s. */
  timeoutMs?: number
}

const firstPollDelayMs = 1_000
const maxPollDelayMs = 8_000

/**
 * After a return from the portal (`?billing_return=1`), asks the server to sync now; if that fails,
 * polls the status with backoff until its version changes. Does nothing without the marker.
 */
export function useBillingSync({ param = 'billing_return', timeoutMs = 30_000 }: UseBillingSyncOptions = {}) {
  const { transport, queryClient, basePath, fetchStatus } = useBillingContext()
  const [state, setState] = useState<BillingSyncState>('idle')

  useEffect(() => {
    if (new URL(window.location.href).searchParams.get(param) !== '1') return
    const key = billingQueryKeys.status(basePath)
    const controller = new AbortController()
    const deadline = Date.now() + timeoutMs
    let seenVersion = queryClient.getQueryData<BillingStatus>(key)?.version ?? null
    let delay = firstPollDelayMs
    let timer: ReturnType<typeof setTimeout> | undefined
    let polling = false
    let finished = false

    const finish = (next: BillingSyncState) => {
      finished = true
      clearTimeout(timer)
      removeMarker(param)
      setState(next)
    }
    const schedule = () => {
      const remaining = deadline - Date.now()
      if (remaining <= 0) return finish('slow')
      timer = setTimeout(poll, Math.min(delay, remaining))
      delay = Math.min(delay * 2, maxPollDelayMs)
    }
    async function poll() {
      timer = undefined
      // A hidden tab stops polling; becoming visible again resumes it.
      if (finished || document.visibilityState === 'hidden') return
      try {
        const status = await fetchStatus(controller.signal)
        if (controller.signal.aborted) return
        if (status.version === seenVersion) return schedule()
        queryClient.setQueryData(key, status)
        if (seenVersion !== null) return finish('done')
        seenVersion = status.version
      } catch {
        if (controller.signal.aborted) return
      }
      schedule()
    }
    const onVisibilityChange = () => {
      if (!polling || finished) return
      if (document.visibilityState === 'hidden') {
        clearTimeout(timer)
        timer = undefined
      } else if (timer === undefined) {
        void poll()
      }
    }

    setState('syncing')
    document.addEventListener('visibilitychange', onVisibilityChange)
    transport.sync({ signal: controller.signal }).then(
      (status) => {
        if (controller.signal.aborted) return
        queryClient.setQueryData(key, status)
        finish('done')
      },
      () => {
        if (controller.signal.aborted) return
        polling = true
        schedule()
      },
    )
    return () => {
      controller.abort()
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', onVisibilityChange)
    }
  }, [param, timeoutMs, transport, queryClient, basePath, fetchStatus])

  return state
}

function removeMarker(param: string) {
  const url = new URL(window.location.href)
  if (!url.searchParams.has(param)) return
  url.searchParams.delete(param)
  window.history.replaceState(window.history.state, '', url)
}
