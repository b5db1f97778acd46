'use client'

import type { BillingStatus } from '@portal-kit/core'
import { cva, cx } from 'class-variance-authority'
import type { HTMLAttributes } from 'react'
import { useBillingContext } from './billing-context.js'
import type { BillingMessages } from './messages/en.js'

export const subscriptionStatusBadgeVariants = cva('pk-badge', {
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

export interface SubscriptionStatusBadgeProps extends HTMLAttributes<HTMLSpanElement> {
  status: BillingStatus
}

/** The subscription's state in one word, coloured by how much attention it needs. */
export function SubscriptionStatusBadge({ status, className, ...props }: SubscriptionStatusBadgeProps) {
  const { t } = useBillingContext().format
  const [label, tone] = describeBadge(status)
  return (
    <span
      data-slot="subscription-status-badge"
      data-tone={tone}
      className={cx(subscriptionStatusBadgeVariants({ tone }), className)}
      {...props}
    >
      {t(label)}
    </span>
  )
}

function describeBadge(status: BillingStatus): [keyof BillingMessages, BadgeTone] {
  if (status.notice?.kind === 'canceling') return ['statusCanceling', 'warning']
  switch (status.subscription?.status) {
    case 'active':
      return ['statusActive', 'success']
    case 'trialing':
      return ['statusTrialing', 'info']
    case 'past_due':
      return ['statusPastDue', status.access === 'grace' ? 'warning' : 'danger']
    case 'unpaid':
      return ['statusUnpaid', 'danger']
    case 'incomplete':
      return ['statusIncomplete', 'danger']
    case 'paused':
      return ['statusPaused', 'neutral']
    case 'incomplete_expired':
      return ['statusExpired', 'neutral']
    default:
      return ['statusCanceled', 'neutral']
  }
}
