'use client'

import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import { BillingFailureMessage } from './billing-action-form.js'
import { useBillingContext } from './billing-context.js'
import { cx } from './variants.js'

export interface BillingErrorNoticeProps extends ComponentPropsWithoutRef<'div'> {}

/**
 * Why a billing action failed, placed where the host wants it: the last form post
 * (`?billing_error=<code>`, see `BillingProvider`'s `returnError`), or a kit action rendered with
 * `asChild`, which has no inline error, with a retry that takes the focus. "No billing account yet"
 * reads as a neutral status with "View plans". `SubscriptionStatusCard` includes it already.
 */
export const BillingErrorNotice = forwardRef<HTMLDivElement, BillingErrorNoticeProps>(function BillingErrorNotice(
  { className, ...props },
  ref,
) {
  const { returnError, actionFailure, plansHref } = useBillingContext()
  const kind = actionFailure?.kind ?? 'manage-billing'
  const code = actionFailure?.error.code ?? returnError
  if (!code) return null
  return (
    <BillingFailureMessage
      // A new failure is a new alert, and its retry takes the focus again.
      key={actionFailure ? `${code}${actionFailure.error.message}` : code}
      kind={kind}
      slot="billing-error-notice"
      className={cx('pk-error-notice', className)}
      code={code}
      failedLabel={actionFailure ? (kind === 'checkout' ? 'checkoutFailed' : 'portalFailed') : 'returnFailed'}
      plansHref={plansHref}
      retry={actionFailure?.retry}
      focusTrigger={() => actionFailure?.trigger?.focus()}
      rootRef={ref}
      {...props}
    />
  )
})
