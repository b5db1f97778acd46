'use client'

import type { HTMLAttributes } from 'react'
import { type UseBillingSyncOptions, useBillingSync } from './use-billing-sync.js'
import { useStatusFormat } from './use-status-format.js'
import { cx } from './variants.js'

export interface BillingSyncNoticeProps extends HTMLAttributes<HTMLDivElement>, UseBillingSyncOptions {}

/** "Updating your account..." after a return from the portal, until the new status has arrived. */
export function BillingSyncNotice({ param, timeoutMs, className, ...props }: BillingSyncNoticeProps) {
  const { t } = useStatusFormat()
  const state = useBillingSync({ param, timeoutMs })
  if (state !== 'syncing' && state !== 'slow') return null
  return (
    <div
      role="status"
      data-slot="billing-sync-notice"
      data-state={state}
      className={cx('pk-sync-notice', className)}
      {...props}
    >
      {state === 'syncing' ? (
        <span data-slot="billing-sync-notice-spinner" className="pk-spinner" aria-hidden="true" />
      ) : null}
      <span data-slot="billing-sync-notice-text">{t(state === 'syncing' ? 'syncing' : 'syncSlow')}</span>
    </div>
  )
}
