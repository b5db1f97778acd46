'use client'

import { composeRefs } from '@radix-ui/react-compose-refs'
import { Slot } from '@radix-ui/react-slot'
import {
  type ComponentPropsWithoutRef,
  type ForwardedRef,
  type MouseEvent,
  type ReactNode,
  useEffect,
  useRef,
} from 'react'
import { trimBasePath } from './billing-base-path.js'
import { useBillingContext } from './billing-context.js'
import { billingErrorMessageKey } from './billing-error-message.js'
import { buttonVariants } from './button-variants.js'
import type { BillingMessages } from './messages/en.js'
import type { BillingRedirect } from './use-billing-redirect.js'
import { cx, type VariantProps } from './variants.js'

export interface BillingActionButtonProps
  extends Omit<ComponentPropsWithoutRef<'button'>, 'formAction' | 'onError'>,
    VariantProps<typeof buttonVariants> {
  /**
   * Render only the host's own element (a link, a design-system button) with our behaviour: no form
   * and no inline error around it. Its failure and retry show in `BillingErrorNotice` (which
   * `SubscriptionStatusCard` includes), wherever the host placed it.
   */
  asChild?: boolean
}

type ActionKind = 'manage-billing' | 'checkout'

interface BillingActionFormProps extends BillingActionButtonProps {
  /** `manage-billing` or `checkout`: the prefix of every part's data-slot and class. */
  kind: ActionKind
  /** Where the form posts: a URL (posted with method="post") or a server action; default `{basePath}/{route}`. */
  action: string | ((formData: FormData) => void | Promise<void>) | undefined
  route: 'portal' | 'checkout'
  /** Hidden fields the form carries; empty values are left out. */
  fields: Record<string, string | undefined>
  /** With JavaScript, run through the transport instead of posting (the form still works before hydration). */
  redirect: Pick<BillingRedirect<unknown>, 'state' | 'isBusy' | 'error' | 'leaving'> & { start: () => void }
  labels: { idle: keyof BillingMessages; busy: keyof BillingMessages; failed: keyof BillingMessages }
  /** Where the error's "View plans" link points when the account has no billing account yet. */
  plansHref: string | undefined
  extraData?: Record<`data-${string}`, string | undefined>
  forwardedRef: ForwardedRef<HTMLButtonElement>
}

/**
 * One kit action as a real form, so it works with JavaScript off (the server answers 303), and,
 * with JavaScript, through the transport with a busy state and an inline error with a retry.
 * With `asChild` only the host's element renders, and the failure goes to `BillingActionError`.
 */
export function BillingActionForm({
  kind,
  action,
  route,
  fields,
  redirect,
  labels,
  plansHref,
  extraData,
  forwardedRef,
  variant,
  size,
  asChild = false,
  className,
  children,
  onClick,
  disabled,
  ...props
}: BillingActionFormProps): ReactNode {
  const { format, setActionFailure, basePath } = useBillingContext()
  const { t } = format
  const { error, isBusy: busy, state } = redirect
  // A host's own form action (a server action or URL) is posted as is, with JavaScript too.
  const enhance = !action
  const element = useRef<HTMLButtonElement | null>(null)
  const start = useRef(redirect.start)
  start.current = redirect.start

  // A host element placed with asChild has no inline error: hand the failure to BillingErrorNotice.
  useEffect(() => {
    if (!asChild) return
    setActionFailure(error ? { kind, error, retry: () => start.current(), trigger: element.current } : null)
  }, [asChild, error, kind, setActionFailure])

  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || !(enhance || asChild)) return
    // Stops the form post (or, with asChild on a link, the link's own navigation).
    event.preventDefault()
    if (!busy && !disabled) redirect.start()
  }

  const Comp = asChild ? Slot : 'button'
  const button = (
    <Comp
      type={asChild ? undefined : 'submit'}
      ref={composeRefs(element, forwardedRef)}
      data-slot={`${kind}-button`}
      data-state={state}
      {...extraData}
      className={cx(buttonVariants({ variant, size }), className)}
      aria-busy={busy || undefined}
      // aria-disabled, not disabled, while busy: a disabled button drops the keyboard focus.
      aria-disabled={busy || disabled || undefined}
      disabled={asChild ? undefined : disabled}
      onClick={handleClick}
      {...props}
    >
      {asChild ? children : busy ? t(labels.busy) : (children ?? t(labels.idle))}
    </Comp>
  )
  if (asChild) return button

  return (
    <form
      method={typeof action === 'function' ? undefined : 'post'}
      action={action ?? `${trimBasePath(basePath)}/${route}`}
      data-slot={kind}
      data-state={state}
      className={`pk-${kind}`}
      onSubmit={(event) => {
        if (busy || enhance) event.preventDefault()
        if (busy) return
        if (enhance) redirect.start()
        else redirect.leaving()
      }}
    >
      {Object.entries(fields).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      {button}
      {error ? (
        <BillingFailureMessage
          kind={kind}
          slot={`${kind}-error`}
          className={`pk-action-error pk-${kind}__error`}
          code={error.code}
          failedLabel={labels.failed}
          plansHref={plansHref}
          retry={redirect.start}
          focusTrigger={() => element.current?.focus()}
        />
      ) : null}
    </form>
  )
}

export interface BillingFailureMessageProps extends ComponentPropsWithoutRef<'div'> {
  /** The prefix of the retry's and the plans link's data-slot. */
  kind: ActionKind
  /** The root's data-slot. */
  slot: string
  code: string
  failedLabel: keyof BillingMessages
  plansHref: string | undefined
  /** Without one (a form post that came back failed), no retry is offered. */
  retry?: () => void
  /** Gives the focus back to the action's element when the retry starts, since the retry disappears. */
  focusTrigger?: () => void
  rootRef?: ForwardedRef<HTMLDivElement>
}

/**
 * Why a billing action failed, with a retry that takes the focus when it appears. An account without
 * a billing account is the normal state of a new user, not an error: it reads as a neutral status
 * leading to the plans.
 */
export function BillingFailureMessage({
  kind,
  slot,
  code,
  failedLabel,
  plansHref,
  retry,
  focusTrigger,
  rootRef,
  ...props
}: BillingFailureMessageProps) {
  const { t } = useBillingContext().format
  const action = useRef<HTMLButtonElement & HTMLAnchorElement>(null)
  const empty = code === 'no_billing_account'
  // Mounted once per failure (the parents key it), so the focus moves once, when the failure appears.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on mount
  useEffect(() => {
    if (retry) action.current?.focus()
  }, [])
  return (
    <div
      role={empty ? 'status' : 'alert'}
      data-slot={slot}
      data-code={code}
      data-tone={empty ? 'neutral' : 'danger'}
      ref={rootRef}
      {...props}
    >
      {empty ? t('errorNoBillingAccount') : `${t(failedLabel)} ${t(billingErrorMessageKey(code))}`}{' '}
      {empty && plansHref ? (
        <a ref={action} data-slot={`${kind}-plans-link`} className="pk-link" href={plansHref}>
          {t('viewPlans')}
        </a>
      ) : empty || !retry ? null : (
        <button
          ref={action}
          type="button"
          data-slot={`${kind}-retry`}
          className="pk-link"
          onClick={() => {
            focusTrigger?.()
            retry()
          }}
        >
          {t('retry')}
        </button>
      )}
    </div>
  )
}
