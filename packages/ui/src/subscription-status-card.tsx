'use client'

import { forwardRef } from 'react'
import { BillingErrorNotice } from './billing-error-notice.js'
import { buttonVariants } from './button-variants.js'
import {
  SubscriptionCard,
  SubscriptionCardActions,
  SubscriptionCardDiscounts,
  SubscriptionCardHeader,
  SubscriptionCardPrice,
  type SubscriptionCardProps,
  SubscriptionCardStatus,
} from './subscription-card.js'
import { useBillingStatus } from './use-billing-status.js'
import { useStatusFormat } from './use-status-format.js'

export type SubscriptionStatusCardProps = SubscriptionCardProps

/**
 * The plan, its price and discounts, its state in one sentence, and the portal actions that fit that state: the
 * default composition of `SubscriptionCard` and its parts, with the loading and error states.
 */
export const SubscriptionStatusCard = forwardRef<HTMLElement, SubscriptionStatusCardProps>(
  function SubscriptionStatusCard(props, ref) {
    const { t } = useStatusFormat()
    const { data: status, isError, refetch, isRefetching } = useBillingStatus()

    if (!status && !isError) {
      return (
        <SubscriptionCard ref={ref} {...props}>
          <SubscriptionCardHeader title={t('loadingSubscription')} className="pk-sr-only" />
          <div data-slot="subscription-card-skeleton" className="pk-card__skeleton" aria-hidden="true">
            <span className="pk-skeleton pk-skeleton--title" />
            <span className="pk-skeleton pk-skeleton--line" />
            <span className="pk-skeleton pk-skeleton--button" />
          </div>
        </SubscriptionCard>
      )
    }

    if (!status) {
      return (
        <SubscriptionCard ref={ref} {...props}>
          <SubscriptionCardHeader />
          <p role="alert" data-slot="subscription-card-detail" className="pk-card__detail">
            {t('loadFailed')}
          </p>
          <BillingErrorNotice />
          <SubscriptionCardActions>
            <button
              type="button"
              data-slot="subscription-card-retry"
              className={buttonVariants({ variant: 'outline', size: 'sm' })}
              aria-busy={isRefetching || undefined}
              aria-disabled={isRefetching || undefined}
              onClick={() => !isRefetching && void refetch()}
            >
              {t('retry')}
            </button>
          </SubscriptionCardActions>
        </SubscriptionCard>
      )
    }

    return (
      <SubscriptionCard ref={ref} {...props}>
        <SubscriptionCardHeader />
        <SubscriptionCardPrice />
        <SubscriptionCardDiscounts />
        {status.subscription ? (
          <SubscriptionCardStatus />
        ) : (
          <p data-slot="subscription-card-detail" className="pk-card__detail">
            {t('noSubscriptionDescription')}
          </p>
        )}
        <BillingErrorNotice />
        <SubscriptionCardActions />
      </SubscriptionCard>
    )
  },
)
