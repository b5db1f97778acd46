import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'
import { updateConfirmFlow } from './portal-test-flows.js'
import { formWithButton, submitForm, textOf } from './portal-test-forms.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())

/** A monthly subscriber and a configuration that lets them move to the yearly price. */
async function subscriberWithUpdates(email: string) {
  const { stripe } = kit
  const { product, monthly, yearly, customer, subscription } = await subscribedCustomer(stripe, email)
  const config = await stripe.billingPortal.configurations.create({
    features: {
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        products: [{ product: product.id, prices: [monthly.id, yearly.id] }],
      },
    },
  })
  return { yearly, customer, subscription, config }
}

/** A portal session whose flow confirms the move to the yearly price, with the discounts given. */
function confirmToYearly(
  { yearly, customer, subscription, config }: Awaited<ReturnType<typeof subscriberWithUpdates>>,
  discounts: Stripe.BillingPortal.SessionCreateParams.FlowData.SubscriptionUpdateConfirm.Discount[],
): Stripe.BillingPortal.SessionCreateParams {
  return {
    customer: customer.id,
    configuration: config.id,
    flow_data: updateConfirmFlow(subscription, yearly.id, { discounts }),
  }
}

describe('given a subscription_update_confirm flow with a discount', () => {
  it('shows the discount before Confirm and applies it with the plan change', async () => {
    const { stripe } = kit
    const { yearly, customer, subscription, config } = await subscriberWithUpdates('confirm-discount@example.com')
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'once' })
    const code = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } })
    const session = await stripe.billingPortal.sessions.create(
      confirmToYearly({ yearly, customer, subscription, config }, [{ promotion_code: code.id }]),
    )
    expect(session.flow?.subscription_update_confirm?.discounts).toEqual([{ coupon: null, promotion_code: code.id }])
    const html = await (await fetch(session.url)).text()
    expect(textOf(html)).toContain('Discount 20% off on your next invoice')

    await submitForm(kit.url, formWithButton(html, 'Confirm'))
    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts', 'latest_invoice'] })
    expect(after.items.data[0]?.price.id).toBe(yearly.id)
    expect(after.discounts[0]).toMatchObject({ promotion_code: code.id, source: { coupon: coupon.id } })
    expect((await stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1)
    // The change of interval invoices the new year at once, with the discount.
    expect(after.latest_invoice).toMatchObject({ subtotal: 20000, total_discount_amounts: [{ amount: 4000 }] })
  })

  it('refuses a coupon that does not exist when the session is made', async () => {
    const { yearly, customer, subscription, config } = await subscriberWithUpdates('confirm-missing@example.com')
    const error = await kit.stripe.billingPortal.sessions
      .create(confirmToYearly({ yearly, customer, subscription, config }, [{ coupon: 'NOPE' }]))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      statusCode: 404,
      param: 'flow_data[subscription_update_confirm][discounts][0][coupon]',
    })
  })
})
