'use client'

import type { BillingStatus } from '@portal-kit/core'
import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import type { BillingMessages } from './messages/en.js'
import { useStatusFormat } from './use-status-format.js'
import { cx, type VariantProps, variants } from './variants.js'

export const subscriptionStatusBadgeVariants = variants('pk-badge', {
  variants: {
    tone: {
      success: 'pk-badge--success',
      info: 'pk-badge--info',
      warning: 'pk-badge--warning',
      danger: 'pk-badge--danger',
      neutral: 'pk-badge--neutral',
    },
  },
  defaultVariants: { tone: 'neutral' },
})

type BadgeTone = 'success' | 'info' | 'warning' | 'danger' | 'neutral'

export interface SubscriptionStatusBadgeProps
  extends ComponentPropsWithoutRef<'span'>,
    VariantProps<typeof subscriptionStatusBadgeVariants> {
  status: BillingStatus
}

/**
 * The subscription's state in one word, coloured by how much attention it needs; `tone` overrides
 * the colour the status picks.
 */
export const SubscriptionStatusBadge = forwardRef<HTMLSpanElement, SubscriptionStatusBadgeProps>(
  function SubscriptionStatusBadge({ status, tone, className, ...props }, ref) {
    const { t } = useStatusFormat()
    const [label, statusTone] = describeBadge(status)
    return (
      <span
        ref={ref}
        data-slot="subscription-status-badge"
        data-tone={tone ?? statusTone}
        className={cx(subscriptionStatusBadgeVariants({ tone: tone ?? statusTone }), className)}
        {...props}
      >
        {t(label)}
      </span>
    )
  },
)

const badges: Record<string, [keyof BillingMessages, BadgeTone]> = {
  active: ['statusActive', 'success'],
  trialing: ['statusTrialing', 'info'],
  unpaid: ['statusUnpaid', 'danger'],
  incomplete: ['statusIncomplete', 'danger'],
  paused: ['statusPaused', 'neutral'],
  incomplete_expired: ['statusExpired', 'neutral'],
}

function describeBadge(status: BillingStatus): [keyof BillingMessages, BadgeTone] {
  const notice = status.notice?.kind
  if (notice === 'canceling') return ['statusCanceling', 'warning']
  if (notice === 'trial_ending') return ['statusTrialEnding', 'warning']
  const state = status.subscription?.status ?? ''
  if (state === 'past_due') return ['statusPastDue', status.access === 'grace' ? 'warning' : 'danger']
  return badges[state] ?? ['statusCanceled', 'neutral']
}
