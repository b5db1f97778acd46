'use client'

import type { BillingStatus } from '@portal-kit/core'
import { type ComponentPropsWithoutRef, createContext, forwardRef, useContext, useId } from 'react'
import { useBillingContext } from './billing-context.js'
import { buttonVariants } from './button-variants.js'
import type { BillingFormatter } from './create-billing-formatter.js'
import { ManageBillingButton } from './manage-billing-button.js'
import type { BillingMessages } from './messages/en.js'
import { paymentNoticeKey } from './payment-notice-key.js'
import { subscriptionCardActions } from './subscription-card-actions.js'
import { SubscriptionStatusBadge } from './subscription-status-badge.js'
import { useBillingStatus } from './use-billing-status.js'
import { useStatusFormat } from './use-status-format.js'
import { cx } from './variants.js'

interface CardScope {
  status: BillingStatus | undefined
  titleId: string
  headingLevel: 2 | 3 | 4
  returnPath: string | undefined
  plansHref: string | undefined
}

const CardScopeContext = createContext<CardScope | null>(null)

// The parts read the status the card read: one query observer per card, since each new observer of a
// failed query would fetch it again on mount.
function useCardScope() {
  const context = useBillingContext()
  const format = useStatusFormat()
  // Outside a SubscriptionCard the parts render as for a card with no status yet.
  const scope = useContext(CardScopeContext) ?? ({ headingLevel: 3 } as CardScope)
  const key = paymentNoticeKey(scope.status)
  return {
    ...context,
    ...scope,
    format,
    plansHref: scope.plansHref ?? context.plansHref,
    /** A PastDueBanner rendered before us already says the failure and offers its action. */
    bannerOwnsPayment: key !== null && context.bannerNotices.has(key),
  }
}

export interface SubscriptionCardProps extends ComponentPropsWithoutRef<'section'> {
  /** The heading element of the card's title, to fit the page's outline. Default `h3`. */
  headingLevel?: 2 | 3 | 4
  /** Same-origin path the portal returns to, for every action in the card. */
  returnPath?: string
  /** Where "View plans" points; defaults to the provider's `plansHref`. */
  plansHref?: string
}

/**
 * The card's frame: a region named by its `SubscriptionCardHeader`, with the status as data
 * attributes. Compose it from the parts, in any order, with your own elements between them.
 */
export const SubscriptionCard = forwardRef<HTMLElement, SubscriptionCardProps>(function SubscriptionCard(
  { headingLevel = 3, returnPath, plansHref, className, ...props },
  ref,
) {
  const { data: status, isError } = useBillingStatus()
  const titleId = useId()
  const subscription = status?.subscription
  return (
    <CardScopeContext.Provider value={{ status, titleId, headingLevel, returnPath, plansHref }}>
      <section
        ref={ref}
        aria-labelledby={titleId}
        aria-busy={(!status && !isError) || undefined}
        data-slot="subscription-card"
        data-state={!status ? (isError ? 'error' : 'loading') : subscription ? 'ready' : 'empty'}
        data-status={subscription?.status}
        data-access={status?.access}
        data-notice={status?.notice?.kind}
        className={cx('pk-card', className)}
        {...props}
      />
    </CardScopeContext.Provider>
  )
})

export interface SubscriptionCardHeaderProps extends ComponentPropsWithoutRef<'div'> {
  /** The title; default the plan's name. */
  title?: string
}

/** The plan's name as the card's heading, and the status badge. */
export const SubscriptionCardHeader = forwardRef<HTMLDivElement, SubscriptionCardHeaderProps>(
  function SubscriptionCardHeader({ title, className, children, ...props }, ref) {
    const { status, format, titleId, headingLevel } = useCardScope()
    const Heading = `h${headingLevel}` as const
    return (
      <div ref={ref} data-slot="subscription-card-header" className={cx('pk-card__header', className)} {...props}>
        <Heading id={titleId} data-slot="subscription-card-title" className="pk-card__title">
          {title ?? status?.subscription?.plan.name ?? format.t(status ? 'noSubscription' : 'subscription')}
        </Heading>
        {status?.subscription ? <SubscriptionStatusBadge status={status} /> : null}
        {children}
      </div>
    )
  },
)

/**
 * What the customer pays per period (unit price times quantity, less the discounts of the next renewal), with the
 * regular price struck through when a discount takes something off, and "12 × €192.00" as detail when the quantity
 * is more than one; for tiered or metered prices, that the amount follows usage.
 */
export const SubscriptionCardPrice = forwardRef<HTMLParagraphElement, ComponentPropsWithoutRef<'p'>>(
  function SubscriptionCardPrice({ className, ...props }, ref) {
    const { status, format } = useCardScope()
    const subscription = status?.subscription
    if (!subscription) return null
    const { plan, quantity, periodAmount } = subscription
    const { t, money } = format
    // day -> pricePerDay; an interval without a message shows the bare amount.
    const key = `pricePer${plan.interval?.replace(/^./, (letter) => letter.toUpperCase())}` as keyof BillingMessages
    const listAmount = plan.amount === null ? null : plan.amount * quantity
    // A status from a server older than the discounts field has no periodAmount: its list amount is what it knew.
    const amount = periodAmount ?? listAmount
    const total = amount === null ? null : money(amount, plan.currency)
    const discounted = listAmount !== null && amount !== null && amount < listAmount
    return (
      <p
        ref={ref}
        data-slot="subscription-card-price"
        data-discounted={discounted || undefined}
        className={cx('pk-card__price', className)}
        {...props}
      >
        {total === null ? t('priceUsage') : format.messages[key] ? t(key, { price: total }) : total}
        {discounted ? (
          <>
            {' '}
            <span data-slot="subscription-card-regular-price" className="pk-card__regular-price">
              <span className="pk-sr-only">{t('regularPrice')} </span>
              <s>{money(listAmount, plan.currency)}</s>
            </span>
          </>
        ) : null}
        {plan.amount !== null && quantity > 1 ? (
          <span data-slot="subscription-card-unit-price" className="pk-card__quantity">
            {t('quantity', { quantity, price: money(plan.amount, plan.currency) })}
          </span>
        ) : null}
      </p>
    )
  },
)

/**
 * The discounts of the next renewal, one line each: the coupon's name and what it takes off until when ("Welcome:
 * 20% off until March 2, 2027"). Renders nothing without discounts.
 */
export const SubscriptionCardDiscounts = forwardRef<HTMLUListElement, ComponentPropsWithoutRef<'ul'>>(
  function SubscriptionCardDiscounts({ className, ...props }, ref) {
    const { status, format } = useCardScope()
    const subscription = status?.subscription
    const discounts = subscription?.discounts ?? []
    if (!subscription || discounts.length === 0) return null
    const { t, money, date } = format
    const percent = new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 2 })
    return (
      <ul ref={ref} data-slot="subscription-card-discounts" className={cx('pk-card__discounts', className)} {...props}>
        {discounts.map((discount) => {
          const amount =
            discount.percentOff !== null
              ? percent.format(discount.percentOff / 100)
              : money(discount.amountOff ?? 0, subscription.plan.currency)
          const terms =
            discount.duration === 'once'
              ? t('discountOffNextPayment', { amount })
              : discount.end
                ? t('discountOffUntil', { amount, date: date(discount.end) })
                : t('discountOff', { amount })
          return (
            <li key={discount.id} data-duration={discount.duration}>
              {discount.name ? t('discountNamed', { name: discount.name, terms }) : terms}
            </li>
          )
        })}
      </ul>
    )
  },
)

/**
 * The one sentence that matters most for the status. Left out for a failed payment when a
 * `PastDueBanner` above already says it.
 */
export const SubscriptionCardStatus = forwardRef<HTMLParagraphElement, ComponentPropsWithoutRef<'p'>>(
  function SubscriptionCardStatus({ className, ...props }, ref) {
    const { status, format, bannerOwnsPayment } = useCardScope()
    if (!status?.subscription || bannerOwnsPayment) return null
    const notice = status.notice?.kind
    const failing = notice === 'payment_failed' || notice === 'action_required'
    const tone = failing
      ? status.access === 'grace'
        ? 'warning'
        : 'danger'
      : notice === 'trial_ending'
        ? 'warning'
        : undefined
    return (
      <p
        ref={ref}
        data-slot="subscription-card-detail"
        data-tone={tone}
        className={cx('pk-card__detail', className)}
        {...props}
      >
        {describeState(format, status)}
      </p>
    )
  },
)

/**
 * The actions that fit the status (`subscriptionCardActions`), each a real form. Pass children to
 * render your own actions in the same place.
 */
export const SubscriptionCardActions = forwardRef<HTMLDivElement, ComponentPropsWithoutRef<'div'>>(
  function SubscriptionCardActions({ className, children, ...props }, ref) {
    const { status, format, returnPath, plansHref, bannerOwnsPayment } = useCardScope()
    const actions = subscriptionCardActions(status, {
      paymentActionElsewhere: bannerOwnsPayment,
      hasPlans: !!plansHref,
    })
    if (!children && actions.length === 0) return null
    return (
      <div ref={ref} data-slot="subscription-card-actions" className={cx('pk-card__actions', className)} {...props}>
        {children ??
          actions.map(({ id, type, label, variant, flow, subscriptionId }) =>
            type === 'plans' ? (
              <a
                key={id}
                data-slot="subscription-card-plans-link"
                data-action={id}
                className={buttonVariants({ variant })}
                href={plansHref}
              >
                {format.t(label)}
              </a>
            ) : (
              <ManageBillingButton
                key={id}
                data-action={id}
                variant={variant}
                flow={flow}
                subscriptionId={subscriptionId}
                returnPath={returnPath}
              >
                {label === 'manageBilling' ? undefined : format.t(label)}
              </ManageBillingButton>
            ),
          )}
      </div>
    )
  },
)

/** The one sentence that matters most for this status; the notice wins over the raw Stripe status. */
function describeState(format: BillingFormatter, status: BillingStatus): string {
  const { t, date } = format
  const subscription = status.subscription!
  switch (status.notice?.kind) {
    case 'canceling':
      return t('cancelsOn', {
        date: date(status.notice.until ?? subscription.cancelAt ?? subscription.currentPeriodEnd),
      })
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
