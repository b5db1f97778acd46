'use client'

import { type BillingStatus, billingReturnParam, parseBillingReturnTime } from '@portal-kit/core'
import { useEffect, useRef, useState } from 'react'
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
 * After a return from the portal or Checkout (`?billing_return=<visit time in epoch ms>`, or the
 * older `=1`), asks the server to sync now; if that fails, polls the status with backoff until its
 * version changes. Does nothing without the marker. When the status it starts with was synced at or
 * after the visit, it shows no notice and syncs once quietly.
 */
export function useBillingSync({ param = billingReturnParam, timeoutMs = 30_000 }: UseBillingSyncOptions = {}) {
  const { transport, queryClient, basePath, fetchStatus, initialStatus } = useBillingContext()
  const [state, setState] = useState<BillingSyncState>('idle')
  // Read once when the marker is seen; a new object from a server re-render must not restart the sync.
  const startingStatusRef = useRef(initialStatus)
  startingStatusRef.current = initialStatus

  useEffect(() => {
    const marker = new URL(window.location.href).searchParams.get(param)
    if (marker === null) return
    const key = billingQueryKeys.status(basePath)
    const visitedAt = parseBillingReturnTime(marker)
    const startingStatus = startingStatusRef.current ?? queryClient.getQueryData<BillingStatus>(key)
    const syncedAt = startingStatus?.syncedAt ? Date.parse(startingStatus.syncedAt) : Number.NaN
    const controller = new AbortController()
    // The page was rendered from a status read after the visit began, so it is very likely fresh:
    // no notice. A sync during the visit may still predate what the customer did there, so check
    // once more, quietly; a failure changes nothing on screen.
    if (visitedAt !== null && syncedAt >= visitedAt) {
      removeMarker(param)
      transport.sync({ signal: controller.signal, visitedAt }).then(
        (status) => {
          if (!controller.signal.aborted) queryClient.setQueryData(key, status)
        },
        () => {},
      )
      return () => controller.abort()
    }
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
    transport.sync({ signal: controller.signal, visitedAt }).then(
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
