'use client'

import type { BillingStatus } from '@portal-kit/core'
import { cx } from 'class-variance-authority'
import { type HTMLAttributes, type ReactNode, useId } from 'react'
import { useBillingContext } from './billing-context.js'
import { BillingErrorNotice } from './billing-error-notice.js'
import type { BillingFormatter } from './create-billing-formatter.js'
import { ManageBillingButton } from './manage-billing-button.js'
import type { BillingMessages } from './messages/en.js'
import { SubscriptionStatusBadge } from './subscription-status-badge.js'
import { useBillingStatus } from './use-billing-status.js'

export interface SubscriptionStatusCardProps extends HTMLAttributes<HTMLElement> {
  /** Where "View plans" points; defaults to the provider's `plansHref`. */
  plansHref?: string
  /** Same-origin path the portal returns to. */
  returnPath?: string
  /** The heading element of the card's title, to fit the page's outline. Default `h3`. */
  headingLevel?: 2 | 3 | 4
}

/** The plan, its price, its state in one sentence, and the portal actions that fit that state. */
export function SubscriptionStatusCard({
  plansHref,
  returnPath,
  headingLevel = 3,
  className,
  ...props
}: SubscriptionStatusCardProps) {
  const context = useBillingContext()
  const { format } = context
  const { t } = format
  const { data: status, isError, refetch, isRefetching } = useBillingStatus()
  const titleId = useId()
  const Heading = `h${headingLevel}` as const
  const links = plansHref ?? context.plansHref
  const subscription = status?.subscription ?? null
  const cardState = !status ? (isError ? 'error' : 'loading') : subscription ? 'ready' : 'empty'

  const frame = (content: ReactNode) => (
    <section
      aria-labelledby={titleId}
      aria-busy={cardState === 'loading' || undefined}
      data-slot="subscription-card"
      data-state={cardState}
      data-status={subscription?.status}
      data-access={status?.access}
      className={cx('pk-card', className)}
      {...props}
    >
      {content}
    </section>
  )

  if (!status && !isError) {
    return frame(
      <>
        <Heading id={titleId} className="pk-sr-only">
          {t('loadingSubscription')}
        </Heading>
        <div data-slot="subscription-card-skeleton" className="pk-card__skeleton" aria-hidden="true">
          <span className="pk-skeleton pk-skeleton--title" />
          <span className="pk-skeleton pk-skeleton--line" />
          <span className="pk-skeleton pk-skeleton--short" />
          <span className="pk-skeleton pk-skeleton--button" />
        </div>
      </>,
    )
  }

  if (!status) {
    return frame(
      <>
        <Heading id={titleId} data-slot="subscription-card-title" className="pk-card__title">
          {t('subscription')}
        </Heading>
        <p role="alert" data-slot="subscription-card-detail" className="pk-card__detail">
          {t('loadFailed')}
        </p>
        <BillingErrorNotice />
        <div data-slot="subscription-card-actions" className="pk-card__actions">
          <button
            type="button"
            data-slot="subscription-card-retry"
            className="pk-button pk-button--outline pk-button--sm"
            aria-busy={isRefetching || undefined}
            disabled={isRefetching}
            onClick={() => void refetch()}
          >
            {t('retry')}
          </button>
        </div>
      </>,
    )
  }

  if (!subscription) {
    return frame(
      <>
        <Heading id={titleId} data-slot="subscription-card-title" className="pk-card__title">
          {t('noSubscription')}
        </Heading>
        <p data-slot="subscription-card-detail" className="pk-card__detail">
          {t('noSubscriptionDescription')}
        </p>
        <BillingErrorNotice />
        {links ? (
          <div data-slot="subscription-card-actions" className="pk-card__actions">
            <a
              data-slot="subscription-card-plans-link"
              className="pk-button pk-button--primary pk-button--md"
              href={links}
            >
              {t('viewPlans')}
            </a>
          </div>
        ) : null}
      </>,
    )
  }

  const { plan } = subscription
  const canceling = status.notice?.kind === 'canceling'
  const ended = subscription.status === 'canceled' || subscription.status === 'incomplete_expired'
  const failing = status.notice?.kind === 'payment_failed' || status.notice?.kind === 'action_required'
  const common = { returnPath, size: 'md', subscriptionId: subscription.id } as const

  let actions: ReactNode
  if (failing) {
    actions = (
      <>
        <ManageBillingButton {...common} flow="payment_method_update">
          {t(status.notice?.kind === 'action_required' ? 'confirmPayment' : 'updatePaymentMethod')}
        </ManageBillingButton>
        <ManageBillingButton {...common} variant="outline" />
      </>
    )
  } else if (canceling) {
    actions = (
      <>
        <ManageBillingButton returnPath={returnPath}>{t('keepSubscription')}</ManageBillingButton>
        <ManageBillingButton returnPath={returnPath} variant="outline" />
      </>
    )
  } else if (ended) {
    actions = (
      <>
        {links ? (
          <a
            data-slot="subscription-card-plans-link"
            className="pk-button pk-button--primary pk-button--md"
            href={links}
          >
            {t('viewPlans')}
          </a>
        ) : null}
        <ManageBillingButton returnPath={returnPath} variant="outline" />
      </>
    )
  } else if (subscription.status === 'active' || subscription.status === 'trialing') {
    // A trial ending without a card on file: adding one comes first.
    const needsCard = status.notice?.kind === 'trial_ending' && status.notice.flow === 'payment_method_update'
    actions = (
      <>
        {needsCard ? (
          <ManageBillingButton {...common} flow="payment_method_update">
            {t('addPaymentMethod')}
          </ManageBillingButton>
        ) : null}
        <ManageBillingButton {...common} flow="subscription_update" variant={needsCard ? 'outline' : 'primary'}>
          {t('changePlan')}
        </ManageBillingButton>
        <ManageBillingButton returnPath={returnPath} variant="outline" />
        <ManageBillingButton {...common} flow="subscription_cancel" variant="ghost">
          {t('cancelSubscription')}
        </ManageBillingButton>
      </>
    )
  } else {
    actions = <ManageBillingButton returnPath={returnPath} variant="outline" />
  }

  return frame(
    <>
      <div data-slot="subscription-card-header" className="pk-card__header">
        <Heading id={titleId} data-slot="subscription-card-title" className="pk-card__title">
          {plan.name ?? t('subscription')}
        </Heading>
        <SubscriptionStatusBadge status={status} />
      </div>
      {plan.amount !== null ? (
        <p data-slot="subscription-card-price" className="pk-card__price">
          {describePrice(format, plan.amount, plan.currency, plan.interval)}
          {subscription.quantity > 1 ? (
            <span className="pk-card__quantity"> · {t('quantity', { quantity: subscription.quantity })}</span>
          ) : null}
        </p>
      ) : null}
      <p
        data-slot="subscription-card-detail"
        data-tone={failing ? (status.access === 'grace' ? 'warning' : 'danger') : undefined}
        className="pk-card__detail"
      >
        {describeState(format, status)}
      </p>
      <BillingErrorNotice />
      <div data-slot="subscription-card-actions" className="pk-card__actions">
        {actions}
      </div>
    </>,
  )
}

const perInterval: Record<string, keyof BillingMessages> = {
  day: 'pricePerDay',
  week: 'pricePerWeek',
  month: 'pricePerMonth',
  year: 'pricePerYear',
}

function describePrice(format: BillingFormatter, amount: number, currency: string, interval: string | null): string {
  const price = format.money(amount, currency)
  const key = interval ? perInterval[interval] : undefined
  return key ? format.t(key, { price }) : price
}

/** The one sentence that matters most for this status; the notice wins over the raw Stripe status. */
function describeState(format: BillingFormatter, status: BillingStatus): string {
  const { t, date } = format
  const subscription = status.subscription!
  switch (status.notice?.kind) {
    case 'canceling':
      return t('cancelsOn', {
        date: date(status.notice.until ?? subscription.cancelAt ?? subscription.currentPeriodEnd),
      })
    case 'payment_failed':
      return t('paymentFailed')
    case 'action_required':
      return t('paymentNeedsConfirmation')
    case 'ended':
      return t('endedOn', { date: date(status.notice.until) })
  }
  switch (subscription.status) {
    case 'trialing':
      return t('trialEndsOn', { date: date(subscription.trialEnd) })
    case 'active':
      return t('renewsOn', { date: date(subscription.currentPeriodEnd) })
    case 'paused':
      return t('pausedDescription')
    case 'canceled':
    case 'incomplete_expired':
      return t('endedOn', { date: date(subscription.cancelAt ?? subscription.currentPeriodEnd) })
    default:
      return t('paymentFailed')
  }
}
