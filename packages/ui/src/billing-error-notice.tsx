'use client'

import { cx } from 'class-variance-authority'
import type { HTMLAttributes } from 'react'
import { useBillingContext } from './billing-context.js'
import { billingErrorMessageKey } from './billing-error-message.js'

export interface BillingErrorNoticeProps extends HTMLAttributes<HTMLDivElement> {}

/**
 * Why the last billing form post failed (`?billing_error=<code>`, see `BillingProvider`'s
 * `returnError`), as an alert. `SubscriptionStatusCard` shows it already; render this one on pages
 * without the card.
 */
export function BillingErrorNotice({ className, ...props }: BillingErrorNoticeProps) {
  const { returnError, format } = useBillingContext()
  const { t } = format
  if (!returnError) return null
  return (
    <div
      role="alert"
      data-slot="billing-error-notice"
      data-code={returnError}
      className={cx('pk-error-notice', className)}
      {...props}
    >
      {t('returnFailed')} {t(billingErrorMessageKey(returnError))}
    </div>
  )
}
