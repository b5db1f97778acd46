'use client'

import type { BillingNotice, BillingStatus } from '@portal-kit/core'
import { cva, cx } from 'class-variance-authority'
import { type HTMLAttributes, useEffect, useId, useState } from 'react'
import { useBillingContext } from './billing-context.js'
import { ManageBillingButton } from './manage-billing-button.js'
import { useBillingStatus } from './use-billing-status.js'

export const pastDueBannerVariants = cva('pk-banner', {
  variants: {
    tone: { warning: 'pk-banner--warning', danger: 'pk-banner--danger' },
  },
  defaultVariants: { tone: 'warning' },
})

export interface PastDueBannerProps extends HTMLAttributes<HTMLDivElement> {
  /** Same-origin path the portal returns to after the card is updated. */
  returnPath?: string
}

/** Tells the user a payment failed or needs confirming, and opens the portal's payment method page. */
export function PastDueBanner(props: PastDueBannerProps) {
  const { data: status } = useBillingStatus()
  const notice = status?.notice
  if (!status || !notice || (notice.kind !== 'payment_failed' && notice.kind !== 'action_required')) return null
  const key = `${status.subscription?.id ?? ''}:${notice.kind}:${status.access}`
  return <PastDueBannerNotice key={key} noticeKey={key} status={status} notice={notice} {...props} />
}

function PastDueBannerNotice({
  noticeKey,
  status,
  notice,
  returnPath,
  className,
  ...props
}: PastDueBannerProps & { noticeKey: string; status: BillingStatus; notice: BillingNotice }) {
  const { format, announcedNotices } = useBillingContext()
  const { t } = format
  const titleId = useId()
  // Announce a notice once per provider: a remount (another settings tab) must not interrupt again.
  const [announce] = useState(() => !announcedNotices.has(noticeKey))
  useEffect(() => {
    announcedNotices.add(noticeKey)
  }, [announcedNotices, noticeKey])
  const readOnly = status.access !== 'grace'
  const actionRequired = notice.kind === 'action_required'
  const graceUntil = notice.until ?? status.graceUntil

  return (
    <div
      {...(announce ? { role: 'alert' } : { role: 'region', 'aria-labelledby': titleId })}
      data-slot="past-due-banner"
      data-notice={notice.kind}
      data-access={status.access}
      className={cx(pastDueBannerVariants({ tone: readOnly ? 'danger' : 'warning' }), className)}
      {...props}
    >
      <svg data-slot="past-due-banner-icon" className="pk-banner__icon" viewBox="0 0 20 20" aria-hidden="true">
        <path
          fill="currentColor"
          d="M10 1.5a1.6 1.6 0 0 1 1.4.8l7.2 12.9A1.6 1.6 0 0 1 17.2 17.6H2.8a1.6 1.6 0 0 1-1.4-2.4L8.6 2.3a1.6 1.6 0 0 1 1.4-.8Zm0 11.6a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2Zm0-6.6a1 1 0 0 0-1 1.1l.3 4a.7.7 0 0 0 1.4 0l.3-4a1 1 0 0 0-1-1.1Z"
        />
      </svg>
      <div data-slot="past-due-banner-content" className="pk-banner__content">
        <p id={titleId} data-slot="past-due-banner-title" className="pk-banner__title">
          {t(actionRequired ? 'actionRequiredTitle' : 'paymentFailedTitle')}
        </p>
        <p data-slot="past-due-banner-description" className="pk-banner__description">
          {readOnly || !graceUntil ? t('readOnly') : t('graceUntil', { date: format.date(graceUntil) })}
        </p>
      </div>
      <ManageBillingButton
        className="pk-banner__action"
        variant={readOnly ? 'primary' : 'secondary'}
        size="sm"
        flow={notice.flow ?? 'payment_method_update'}
        returnPath={returnPath}
      >
        {t(actionRequired ? 'confirmPayment' : 'updatePaymentMethod')}
      </ManageBillingButton>
    </div>
  )
}
