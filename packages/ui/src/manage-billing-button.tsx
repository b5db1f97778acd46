'use client'

import type { PortalFlow } from '@portal-kit/core'
import { forwardRef } from 'react'
import { type BillingActionButtonProps, BillingActionForm } from './billing-action-form.js'
import { useBillingContext } from './billing-context.js'
import type { BillingRequestError } from './billing-request-error.js'
import { buttonVariants } from './button-variants.js'
import { useOpenPortal } from './use-open-portal.js'

export const manageBillingButtonVariants = buttonVariants

/** What each deep link needs: confirming a plan change needs the new price; no other flow takes one. */
export type ManageBillingFlowProps =
  | {
      /** Deep link into one portal page. */
      flow?: Exclude<PortalFlow, 'subscription_update_confirm'>
      /** The subscription the flow acts on; the server defaults to the account's current one. */
      subscriptionId?: string
      priceId?: never
    }
  | { flow: 'subscription_update_confirm'; subscriptionId?: string /** The price to switch to. */; priceId: string }

export type ManageBillingButtonProps = BillingActionButtonProps &
  ManageBillingFlowProps & {
    /** Same-origin path the portal returns to. */
    returnPath?: string
    onError?: (error: BillingRequestError) => void
    /** Where "View plans" points when the account has no billing account yet; defaults to the provider's. */
    plansHref?: string
    /**
     * Where the form posts instead of `{basePath}/portal`, with JavaScript too: a server action
     * (React 19) or a URL (posted with method="post"). The form carries `flow`, `subscriptionId`,
     * `priceId`, `returnPath`. Without it the button is a form posting to `{basePath}/portal` that
     * JavaScript turns into a transport call. Not used with `asChild`, which renders no form.
     */
    formAction?: string | ((formData: FormData) => void | Promise<void>)
  }

/**
 * Opens the Stripe customer portal, optionally deep-linked to one flow. One root element: a real
 * form around the button, so it works before (or without) JavaScript; with JavaScript it calls the
 * transport and navigates. With `asChild` only the host's element renders. The ref reaches the
 * button (or the host's element).
 */
export const ManageBillingButton = forwardRef<HTMLButtonElement, ManageBillingButtonProps>(function ManageBillingButton(
  { flow, subscriptionId, priceId, returnPath, onError, plansHref, formAction, ...props },
  ref,
) {
  const context = useBillingContext()
  const { openPortal, leaving, state, isBusy, error } = useOpenPortal({ onError })
  const request = { flow, subscriptionId, priceId, returnPath }
  return (
    <BillingActionForm
      kind="manage-billing"
      action={formAction}
      route="portal"
      fields={request}
      redirect={{ state, isBusy, error, leaving, start: () => void openPortal(request) }}
      labels={{ idle: 'manageBilling', busy: 'openingPortal', failed: 'portalFailed' }}
      plansHref={plansHref ?? context.plansHref}
      extraData={{ 'data-flow': flow }}
      forwardedRef={ref}
      {...props}
    />
  )
})
