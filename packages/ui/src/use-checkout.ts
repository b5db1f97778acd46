'use client'

import type { BillingRequestError } from './billing-request-error.js'
import type { CheckoutRequest } from './billing-transport.js'
import { type BillingRedirectState, useBillingRedirect } from './use-billing-redirect.js'

/** `opening` while the Checkout session is created, `redirecting` while the browser leaves for it. */
export type CheckoutState = BillingRedirectState

export interface UseCheckoutOptions {
  onError?: (error: BillingRequestError) => void
}

export interface UseCheckoutResult {
  /** Creates a Checkout session for the price and navigates to it; calls while one is under way are ignored. */
  checkout: (request: CheckoutRequest) => Promise<void>
  state: CheckoutState
  isBusy: boolean
  error: BillingRequestError | null
  reset: () => void
  /** Marks a plain form post under way (a server action or a URL): busy until the browser leaves. */
  leaving: () => void
}

export function useCheckout(options: UseCheckoutOptions = {}): UseCheckoutResult {
  const { start, ...rest } = useBillingRedirect<CheckoutRequest>(
    (transport, request) => transport.checkout(request),
    options.onError,
  )
  return { checkout: start, ...rest }
}
