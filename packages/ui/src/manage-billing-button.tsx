'use client'

import type { PortalFlow } from '@portal-kit/core'
import { Slot } from '@radix-ui/react-slot'
import { cx, type VariantProps } from 'class-variance-authority'
import { type ButtonHTMLAttributes, type MouseEvent, useEffect, useState } from 'react'
import { useBillingContext } from './billing-context.js'
import type { BillingRequestError } from './billing-request-error.js'
import { buttonVariants } from './button-variants.js'
import type { BillingMessages } from './messages/en.js'
import { useOpenPortal } from './use-open-portal.js'

export const manageBillingButtonVariants = buttonVariants

export interface ManageBillingButtonProps
  extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'formAction' | 'onError'>,
    VariantProps<typeof buttonVariants> {
  /** Deep link into one portal page. */
  flow?: PortalFlow
  subscriptionId?: string
  priceId?: string
  /** Same-origin path the portal returns to. */
  returnPath?: string
  /** Render the host's own element (a link, a design-system button) with our behaviour. */
  asChild?: boolean
  onError?: (error: BillingRequestError) => void
  /** Where "View plans" points when the account has no billing account yet; defaults to the provider's. */
  plansHref?: string
  /**
   * Posts a form instead of calling the transport, so the button works before (or without) JavaScript:
   * a server action (React 19) or a URL. The form carries `flow`, `subscriptionId`, `priceId`, `returnPath`.
   */
  formAction?: string | ((formData: FormData) => void | Promise<void>)
}

/** Opens the Stripe customer portal, optionally deep-linked to one flow. */
export function ManageBillingButton({
  flow,
  subscriptionId,
  priceId,
  returnPath,
  variant,
  size,
  asChild = false,
  onError,
  plansHref,
  formAction,
  className,
  children,
  onClick,
  disabled,
  ...props
}: ManageBillingButtonProps) {
  const context = useBillingContext()
  const { t } = context.format
  const { openPortal, state, isBusy, error } = useOpenPortal({ onError })
  const [submitted, setSubmitted] = useState(false)
  const busy = isBusy || submitted
  const dataState = submitted ? 'redirecting' : state
  const Comp = asChild ? Slot : 'button'
  const request = { flow, subscriptionId, priceId, returnPath }

  useEffect(() => {
    if (!submitted) return
    const onPageShow = (event: PageTransitionEvent) => event.persisted && setSubmitted(false)
    window.addEventListener('pageshow', onPageShow)
    return () => window.removeEventListener('pageshow', onPageShow)
  }, [submitted])

  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || formAction) return
    // With asChild on a link, the portal session replaces the link's own navigation.
    event.preventDefault()
    void openPortal(request)
  }

  const button = (
    <Comp
      type={asChild ? undefined : formAction ? 'submit' : 'button'}
      data-slot="manage-billing-button"
      data-state={dataState}
      data-flow={flow}
      className={cx(buttonVariants({ variant, size }), className)}
      aria-busy={busy || undefined}
      aria-disabled={busy || disabled || undefined}
      disabled={asChild ? undefined : busy || disabled}
      onClick={handleClick}
      {...props}
    >
      {asChild ? children : busy ? t('openingPortal') : (children ?? t('manageBilling'))}
    </Comp>
  )

  if (formAction) {
    return (
      <form
        action={formAction}
        data-slot="manage-billing"
        data-state={dataState}
        className="pk-manage-billing"
        onSubmit={(event) => {
          if (busy) event.preventDefault()
          else setSubmitted(true)
        }}
      >
        {Object.entries(request).map(([name, value]) =>
          value ? <input key={name} type="hidden" name={name} value={value} /> : null,
        )}
        {button}
      </form>
    )
  }

  const links = plansHref ?? context.plansHref
  return (
    <div data-slot="manage-billing" data-state={dataState} className="pk-manage-billing">
      {button}
      {error ? (
        <p role="alert" data-slot="manage-billing-error" data-code={error.code} className="pk-manage-billing__error">
          <span>
            {t('portalFailed')} {t(errorMessageKey(error.code))}
          </span>{' '}
          {error.code === 'no_billing_account' && links ? (
            <a data-slot="manage-billing-plans-link" className="pk-link" href={links}>
              {t('viewPlans')}
            </a>
          ) : (
            <button
              type="button"
              data-slot="manage-billing-retry"
              className="pk-link"
              onClick={() => void openPortal(request)}
            >
              {t('retry')}
            </button>
          )}
        </p>
      ) : null}
    </div>
  )
}

function errorMessageKey(code: BillingRequestError['code']): keyof BillingMessages {
  switch (code) {
    case 'no_billing_account':
      return 'errorNoBillingAccount'
    case 'unauthenticated':
      return 'errorUnauthenticated'
    case 'forbidden':
    case 'foreign_subscription':
    case 'cross_site_request':
    case 'invalid_return_url':
      return 'errorForbidden'
    case 'rate_limited':
      return 'errorRateLimited'
    default:
      return 'errorUnavailable'
  }
}
