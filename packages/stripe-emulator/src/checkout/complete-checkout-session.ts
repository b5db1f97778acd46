import { type CreateSubscriptionInput, createSubscription } from '../billing/create-subscription.js'
import { createCustomer, requireCustomer } from '../customers/customer.js'
import type { DiscountRequest } from '../discounts/redeem-discounts.js'
import type { Emulator } from '../emulator.js'
import { invalidRequest } from '../http/stripe-api-error.js'
import {
  attachPaymentMethod,
  createCardPaymentMethod,
  setDefaultPaymentMethod,
} from '../payment-methods/payment-method.js'
import { type CheckoutSessionPlan, requireCheckoutSession, type StoredCheckoutSession } from './checkout-session.js'
import { customerDetails } from './customer-details.js'

export interface CheckoutPayment {
  /** Needed when the session has neither `customer` nor `customer_email`. */
  email?: string
  card: { number: string; expMonth: number; expYear: number; cvc?: string }
}

/**
 * What the hosted Checkout page does on "Pay and subscribe": creates the customer when needed,
 * saves the card as its default, starts the subscription, and completes the session, emitting
 * `checkout.session.completed` after the customer and subscription events as Stripe does.
 * Throws a `card_error` StripeApiError when the card is refused; the session stays open.
 */
export function completeCheckoutSession(
  emulator: Emulator,
  sessionId: string,
  payment: CheckoutPayment,
): StoredCheckoutSession {
  const session = requireCheckoutSession(emulator, sessionId)
  if (session.status !== 'open') {
    throw invalidRequest(`This Checkout Session is ${session.status} and can no longer be paid.`, 'checkout_session')
  }
  const plan = emulator.state.hidden<CheckoutSessionPlan>(session.id)
  const existingCustomer = session.customer ? requireCustomer(emulator, session.customer as string) : null
  const email = existingCustomer?.email ?? session.customer_email ?? payment.email?.trim() ?? ''
  if (!existingCustomer && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw invalidRequest('Enter a valid email address.', 'email', 'email_invalid')
  }

  // The card is checked before anything is created, so a refused number leaves no trace.
  const paymentMethod = createCardPaymentMethod(emulator, payment.card)
  const customerId =
    existingCustomer?.id ?? plan.pendingCustomer ?? createCustomer(emulator, { email: email || null }).id
  if (!existingCustomer) plan.pendingCustomer = customerId
  attachPaymentMethod(emulator, paymentMethod.id, customerId)
  setDefaultPaymentMethod(emulator, customerId, paymentMethod.id)

  const subscription = createSubscription(emulator, {
    customer: customerId,
    items: plan.lineItems
      .filter((item) => item.price?.recurring)
      .map((item) => ({ price: item.price?.id as string, quantity: item.quantity ?? 1 })),
    // One-time prices are billed once, with the first period, as Stripe's Checkout bills them.
    addInvoiceItems: plan.lineItems
      .filter((item) => !item.price?.recurring)
      .map((item) => ({ price: item.price?.id as string, quantity: item.quantity ?? 1 })),
    ...(plan.trialPeriodDays !== undefined ? { trialPeriodDays: plan.trialPeriodDays } : {}),
    ...(plan.trialEnd !== undefined ? { trialEnd: plan.trialEnd } : {}),
    ...anchorStillAhead(plan, emulator.now(existingCustomer?.test_clock as string | null | undefined)),
    metadata: plan.subscriptionMetadata,
    defaultPaymentMethod: paymentMethod.id,
    paymentBehavior: 'error_if_incomplete',
    activatesOnFirstPayment: true,
    discounts: checkoutDiscountRequests(session),
  })

  const customer = requireCustomer(emulator, customerId)
  session.status = 'complete'
  session.payment_status = session.amount_total === 0 ? 'no_payment_required' : 'paid'
  session.customer = customerId
  session.subscription = subscription.id
  session.invoice = typeof subscription.latest_invoice === 'string' ? subscription.latest_invoice : null
  session.customer_details = customerDetails(customer)
  session.collected_information = { business_name: null, individual_name: null, shipping_details: null }
  session.url = null
  delete plan.pendingCustomer
  emulator.emit('checkout.session.completed', session)
  return session
}

/** The session's coupon or promotion code, redeemed for the subscription it starts. */
function checkoutDiscountRequests(session: StoredCheckoutSession): DiscountRequest[] {
  return (session.discounts ?? []).map((discount, i) => {
    const id = (ref: string | { id: string } | null) => (typeof ref === 'string' ? ref : ref?.id)
    const promotionCode = id(discount.promotion_code)
    return promotionCode
      ? { promotionCode, param: `discounts[${i}]` }
      : { coupon: id(discount.coupon), param: `discounts[${i}]` }
  })
}

/** `success_url` with Stripe's `{CHECKOUT_SESSION_ID}` template filled in. */
export function checkoutSuccessUrl(session: StoredCheckoutSession): string {
  return (session.success_url ?? '').replace(/\{CHECKOUT_SESSION_ID\}|%7BCHECKOUT_SESSION_ID%7D/gi, session.id)
}

/**
 * The session's billing cycle anchor for the subscription, while it is still ahead. Paid after it, Checkout charges a
 * whole period instead of the stretch (Stripe's documented behaviour), which the emulator bills from now.
 */
function anchorStillAhead(
  plan: CheckoutSessionPlan,
  now: number,
): Pick<CreateSubscriptionInput, 'billingCycleAnchor' | 'prorationBehavior'> {
  const cycle = plan.billingCycle
  if (!cycle || cycle.anchor <= now) return {}
  return {
    billingCycleAnchor: cycle.anchor,
    ...(cycle.prorationBehavior ? { prorationBehavior: cycle.prorationBehavior } : {}),
  }
}
