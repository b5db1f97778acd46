import type Stripe from 'stripe'

export interface CustomerOnTestClock {
  clock: Stripe.TestHelpers.TestClock
  customer: Stripe.Customer
  /** The customer's default payment method, or null when created without one. */
  paymentMethod: Stripe.PaymentMethod | null
}

/**
 * A test clock frozen at `frozenTime` and a customer on it whose `invoice_settings.default_payment_method` is
 * `paymentMethod` (a test token, `pm_card_visa` unless given; `null` for none), all through the SDK.
 */
export async function customerOnTestClock(
  stripe: Stripe,
  options: { frozenTime: number; email: string; paymentMethod?: string | null },
): Promise<CustomerOnTestClock> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: options.frozenTime })
  const customer = await stripe.customers.create({ email: options.email, test_clock: clock.id })
  const token = options.paymentMethod === undefined ? 'pm_card_visa' : options.paymentMethod
  if (token === null) return { clock, customer, paymentMethod: null }
  const paymentMethod = await stripe.paymentMethods.attach(token, { customer: customer.id })
  const updated = await stripe.customers.update(customer.id, {
    invoice_settings: { default_payment_method: paymentMethod.id },
  })
  return { clock, customer: updated, paymentMethod }
}
