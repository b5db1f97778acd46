'use client'

import type { PortalFlow } from '@portal-kit/core'
import { type BillingActionButtonProps, BillingActionForm } from './billing-action-form.js'
import { useBillingContext } from './billing-context.js'
import type { BillingRequestError } from './billing-request-error.js'
import { buttonVariants } from './button-variants.js'
import { useOpenPortal } from './use-open-portal.js'

export const manageBillingButtonVariants = buttonVariants

export interface ManageBillingButtonProps extends BillingActionButtonProps {
  /** Deep link into one portal page. */
  flow?: PortalFlow
  subscriptionId?: string
  priceId?: string
  /** Same-origin path the portal returns to. */
  returnPath?: string
  onError?: (error: BillingRequestError) => void
  /** Where "View plans" points when the account has no billing account yet; defaults to the provider's. */
  plansHref?: string
  /**
   * Where the form posts instead of `{basePath}/portal`, with JavaScript too: a server action
   * (React 19) or a URL (posted with method="post"). The form carries `flow`, `subscriptionId`,
   * `priceId`, `returnPath`. Without it the button is a form posting to `{basePath}/portal` that
   * JavaScript turns into a transport call.
   */
  formAction?: string | ((formData: FormData) => void | Promise<void>)
}

/**
 * Opens the Stripe customer portal, optionally deep-linked to one flow. Always a real form, so it
 * works before (or without) JavaScript; with JavaScript it calls the transport and navigates.
 */
export function ManageBillingButton({
  flow,
  subscriptionId,
  priceId,
  returnPath,
  onError,
  plansHref,
  formAction,
  ...props
}: ManageBillingButtonProps) {
  const context = useBillingContext()
  const { openPortal, state, isBusy, error } = useOpenPortal({ onError })
  const request = { flow, subscriptionId, priceId, returnPath }
  return (
    <BillingActionForm
      kind="manage-billing"
      action={formAction ?? `${context.basePath.replace(/\/+$/, '')}/portal`}
      enhance={!formAction}
      fields={request}
      redirect={{ state, isBusy, error, start: () => void openPortal(request) }}
      labels={{ idle: 'manageBilling', busy: 'openingPortal', failed: 'portalFailed' }}
      plansHref={plansHref ?? context.plansHref}
      extraData={{ 'data-flow': flow }}
      {...props}
    />
  )
}
