'use client'

import { Slot } from '@radix-ui/react-slot'
import { cx, type VariantProps } from 'class-variance-authority'
import { type ButtonHTMLAttributes, type MouseEvent, type ReactNode, useEffect, useState } from 'react'
import { useBillingContext } from './billing-context.js'
import { billingErrorMessageKey } from './billing-error-message.js'
import { buttonVariants } from './button-variants.js'
import type { BillingMessages } from './messages/en.js'
import type { BillingRedirect } from './use-billing-redirect.js'

export interface BillingActionButtonProps
  extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'formAction' | 'onError'>,
    VariantProps<typeof buttonVariants> {
  /** Render the host's own element (a link, a design-system button) with our behaviour. */
  asChild?: boolean
}

interface BillingActionFormProps extends BillingActionButtonProps {
  /** `manage-billing` or `checkout`: the prefix of every part's data-slot and class. */
  kind: 'manage-billing' | 'checkout'
  /** Where the form posts: a URL (posted with method="post") or a server action. */
  action: string | ((formData: FormData) => void | Promise<void>)
  /** Hidden fields the form carries; empty values are left out. */
  fields: Record<string, string | undefined>
  /** With JavaScript, run through the transport instead of posting (the form still works before hydration). */
  redirect: Pick<BillingRedirect<unknown>, 'state' | 'isBusy' | 'error'> & { start: () => void }
  enhance: boolean
  labels: { idle: keyof BillingMessages; busy: keyof BillingMessages; failed: keyof BillingMessages }
  /** Where the error's "View plans" link points when the account has no billing account yet. */
  plansHref: string | undefined
  extraData?: Record<`data-${string}`, string | undefined>
}

/**
 * One kit action as a real form, so it works with JavaScript off (the server answers 303), and,
 * with JavaScript, through the transport with a busy state and an inline error with a retry.
 */
export function BillingActionForm({
  kind,
  action,
  fields,
  redirect,
  enhance,
  labels,
  plansHref,
  extraData,
  variant,
  size,
  asChild = false,
  className,
  children,
  onClick,
  disabled,
  ...props
}: BillingActionFormProps): ReactNode {
  const { t } = useBillingContext().format
  const [submitted, setSubmitted] = useState(false)
  const busy = redirect.isBusy || submitted
  const dataState = submitted ? 'redirecting' : redirect.state
  const Comp = asChild ? Slot : 'button'
  const { error } = redirect

  useEffect(() => {
    if (!submitted) return
    const onPageShow = (event: PageTransitionEvent) => event.persisted && setSubmitted(false)
    window.addEventListener('pageshow', onPageShow)
    return () => window.removeEventListener('pageshow', onPageShow)
  }, [submitted])

  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || !enhance) return
    // Stops the form post (or, with asChild on a link, the link's own navigation).
    event.preventDefault()
    if (!busy) redirect.start()
  }

  return (
    <form
      method={typeof action === 'string' ? 'post' : undefined}
      action={action}
      data-slot={kind}
      data-state={dataState}
      className={`pk-${kind}`}
      onSubmit={(event) => {
        if (enhance) {
          event.preventDefault()
          if (!busy) redirect.start()
        } else if (busy) event.preventDefault()
        else setSubmitted(true)
      }}
    >
      {Object.entries(fields).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      <Comp
        type={asChild ? undefined : 'submit'}
        data-slot={`${kind}-button`}
        data-state={dataState}
        {...extraData}
        className={cx(buttonVariants({ variant, size }), className)}
        aria-busy={busy || undefined}
        aria-disabled={busy || disabled || undefined}
        disabled={asChild ? undefined : busy || disabled}
        onClick={handleClick}
        {...props}
      >
        {asChild ? children : busy ? t(labels.busy) : (children ?? t(labels.idle))}
      </Comp>
      {error ? (
        <p role="alert" data-slot={`${kind}-error`} data-code={error.code} className={`pk-${kind}__error`}>
          <span>
            {t(labels.failed)} {t(billingErrorMessageKey(error.code))}
          </span>{' '}
          {error.code === 'no_billing_account' && plansHref ? (
            <a data-slot={`${kind}-plans-link`} className="pk-link" href={plansHref}>
              {t('viewPlans')}
            </a>
          ) : (
            <button type="button" data-slot={`${kind}-retry`} className="pk-link" onClick={() => redirect.start()}>
              {t('retry')}
            </button>
          )}
        </p>
      ) : null}
    </form>
  )
}
