'use client'

import { forwardRef } from 'react'
import { type BillingActionButtonProps, BillingActionForm } from './billing-action-form.js'
import { useBillingContext } from './billing-context.js'
import type { BillingRequestError } from './billing-request-error.js'
import { buttonVariants } from './button-variants.js'
import { useCheckout } from './use-checkout.js'

export const checkoutButtonVariants = buttonVariants

export interface CheckoutButtonProps extends BillingActionButtonProps {
  /** The Stripe price to subscribe to; the server accepts only the plans it offers. */
  priceId: string
  /** Same-origin path Checkout returns to. */
  returnPath?: string
  onError?: (error: BillingRequestError) => void
}

/**
 * Subscribes to a price through Stripe Checkout. Always a real form posting to
 * `{basePath}/checkout`, so it works without JavaScript; with JavaScript it calls the transport,
 * shows a busy state and navigates, and a failure shows inline with a retry.
 */
export const CheckoutButton = forwardRef<HTMLButtonElement, CheckoutButtonProps>(function CheckoutButton(
  { priceId, returnPath, onError, ...props },
  ref,
) {
  const context = useBillingContext()
  const { checkout, leaving, state, isBusy, error } = useCheckout({ onError })
  const request = { priceId, returnPath }
  return (
    <BillingActionForm
      kind="checkout"
      action={undefined}
      route="checkout"
      fields={request}
      redirect={{ state, isBusy, error, leaving, start: () => void checkout(request) }}
      labels={{ idle: 'subscribe', busy: 'openingCheckout', failed: 'checkoutFailed' }}
      plansHref={context.plansHref}
      extraData={{ 'data-price-id': priceId }}
      forwardedRef={ref}
      {...props}
    />
  )
})
