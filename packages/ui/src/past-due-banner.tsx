'use client'

import type { BillingNotice, BillingStatus } from '@portal-kit/core'
import { type ComponentPropsWithoutRef, type ForwardedRef, forwardRef, useEffect, useId, useState } from 'react'
import { useBillingContext } from './billing-context.js'
import { ManageBillingButton } from './manage-billing-button.js'
import { paymentNoticeKey } from './payment-notice-key.js'
import { useBillingStatus } from './use-billing-status.js'
import { useStatusFormat } from './use-status-format.js'
import { cx, type VariantProps, variants } from './variants.js'

export const pastDueBannerVariants = variants('pk-banner', {
  variants: {
    tone: { warning: 'pk-banner--warning', danger: 'pk-banner--danger' },
  },
  defaultVariants: { tone: 'warning' },
})

export interface PastDueBannerProps
  extends ComponentPropsWithoutRef<'div'>,
    VariantProps<typeof pastDueBannerVariants> {
  /** Same-origin path the portal returns to after the card is updated. */
  returnPath?: string
}

/**
 * Tells the user a payment failed or needs confirming, and opens the portal's payment method page.
 * `tone` defaults to `warning` in the grace period and `danger` once the account is read-only.
 */
export const PastDueBanner = forwardRef<HTMLDivElement, PastDueBannerProps>(function PastDueBanner(props, ref) {
  const { bannerNotices } = useBillingContext()
  const { data: status } = useBillingStatus()
  const key = paymentNoticeKey(status)
  if (!status?.notice || !key) return null
  // Recorded while rendering, not in an effect, so a card rendered after the banner leaves out the
  // same call to action in the server HTML too. Adding a key twice is harmless.
  bannerNotices.add(key)
  return (
    <PastDueBannerNotice key={key} noticeKey={key} status={status} notice={status.notice} rootRef={ref} {...props} />
  )
})

function PastDueBannerNotice({
  noticeKey,
  status,
  notice,
  returnPath,
  tone,
  rootRef,
  className,
  ...props
}: PastDueBannerProps & {
  noticeKey: string
  status: BillingStatus
  notice: BillingNotice
  rootRef: ForwardedRef<HTMLDivElement>
}) {
  const { announcedNotices, bannerNotices, bannersChanged } = useBillingContext()
  const format = useStatusFormat()
  const { t } = format
  const titleId = useId()
  // Announce a notice once per provider: a remount (another settings tab) must not interrupt again.
  const [announce] = useState(() => !announcedNotices.has(noticeKey))
  useEffect(() => {
    announcedNotices.add(noticeKey)
    bannerNotices.add(noticeKey)
    bannersChanged()
    return () => {
      bannerNotices.delete(noticeKey)
      bannersChanged()
    }
  }, [announcedNotices, bannerNotices, bannersChanged, noticeKey])
  const readOnly = status.access !== 'grace'
  const actionRequired = notice.kind === 'action_required'
  const graceUntil = notice.until ?? status.graceUntil
  const shownTone = tone ?? (readOnly ? 'danger' : 'warning')

  return (
    <div
      {...(announce ? { role: 'alert' } : { role: 'region', 'aria-labelledby': titleId })}
      data-slot="past-due-banner"
      data-notice={notice.kind}
      data-access={status.access}
      data-tone={shownTone}
      className={cx(pastDueBannerVariants({ tone: shownTone }), className)}
      ref={rootRef}
      {...props}
    >
      <svg data-slot="past-due-banner-icon" className="pk-banner__icon" viewBox="0 0 20 20" aria-hidden="true">
        <path fill="currentColor" d="M10 1.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17ZM9 5h2v6.5H9Zm0 8.5h2v2H9Z" />
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
        flow="payment_method_update"
        returnPath={returnPath}
      >
        {t(actionRequired ? 'confirmPayment' : 'updatePaymentMethod')}
      </ManageBillingButton>
    </div>
  )
}
