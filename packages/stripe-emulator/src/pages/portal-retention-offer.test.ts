import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'
import { formWithButton, submitForm, textOf } from './portal-test-forms.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator({ settings: { businessName: 'Acme' } })
})
afterAll(() => kit.close())

type AfterCompletion = Stripe.BillingPortal.SessionCreateParams.FlowData.AfterCompletion

/** A $20/month subscriber, a portal configuration that cancels at period end, and a cancel link offering `coupon`. */
async function cancelLinkWithOffer(email: string, coupon: string, afterCompletion?: AfterCompletion) {
  const { stripe } = kit
  const { customer, subscription } = await subscribedCustomer(stripe, email)
  const config = await stripe.billingPortal.configurations.create({
    features: { subscription_cancel: { enabled: true, mode: 'at_period_end' } },
  })
  const session = await stripe.billingPortal.sessions.create({
    customer: customer.id,
    configuration: config.id,
    return_url: 'https://example.com/account',
    flow_data: {
      type: 'subscription_cancel',
      subscription_cancel: {
        subscription: subscription.id,
        retention: { type: 'coupon_offer', coupon_offer: { coupon } },
      },
      ...(afterCompletion ? { after_completion: afterCompletion } : {}),
    },
  })
  return { customer, subscription, session }
}

describe('given a cancel flow with a retention coupon offer', () => {
  it('keeps the offer on the session and refuses a coupon that does not exist', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 3 })
    const { session } = await cancelLinkWithOffer('offer-shape@example.com', coupon.id)
    expect(session.flow?.subscription_cancel?.retention).toEqual({
      type: 'coupon_offer',
      coupon_offer: { coupon: coupon.id },
    })
    const { customer, subscription } = await subscribedCustomer(kit.stripe, 'offer-missing@example.com')
    const error = await kit.stripe.billingPortal.sessions
      .create({
        customer: customer.id,
        flow_data: {
          type: 'subscription_cancel',
          subscription_cancel: {
            subscription: subscription.id,
            retention: { type: 'coupon_offer', coupon_offer: { coupon: 'NOPE' } },
          },
        },
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      statusCode: 404,
      param: 'flow_data[subscription_cancel][retention][coupon_offer][coupon]',
    })
  })

  it('offers the discount first; accepting applies the coupon, keeps the subscription and shows the confirmation', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 3 })
    const { subscription, session } = await cancelLinkWithOffer('offer-accept@example.com', coupon.id, {
      type: 'hosted_confirmation',
      hosted_confirmation: { custom_message: 'Thanks for staying!' },
    })
    const html = await (await fetch(session.url)).text()
    expect(html).toContain('<h1>Before you cancel</h1>')
    expect(textOf(html)).toContain('Stay with us and get 20% off for 3 months.')
    expect(html).not.toContain('Confirm cancellation')

    const response = await submitForm(kit.url, formWithButton(html, 'Accept offer'))
    expect(response.status).toBe(303)
    const after = await kit.stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] })
    expect(after).toMatchObject({ status: 'active', cancel_at_period_end: false, cancel_at: null })
    expect(after.discounts.map((d) => (d as Stripe.Discount).source.coupon)).toEqual([coupon.id])

    const confirmation = await (await fetch(new URL(response.headers.get('location') as string, kit.url))).text()
    expect(confirmation).toContain('<h1>Offer accepted</h1>')
    expect(textOf(confirmation)).toContain('Your subscription continues with 20% off for 3 months.')
    expect(textOf(confirmation)).toContain('Thanks for staying!')
    expect(confirmation).toMatch(/href="https:\/\/example.com\/account">Return to Acme<\/a>/)

    await kit.webhooksIdle()
    const created = kit.deliveredEvents('customer.discount.created').map((e) => e.data.object as Stripe.Discount)
    expect(created.filter((d) => d.subscription === subscription.id).map((d) => d.source.coupon)).toEqual([coupon.id])
    const updated = kit
      .deliveredEvents('customer.subscription.updated')
      .filter((e) => (e.data.object as Stripe.Subscription).id === subscription.id)
    expect(updated.at(-1)?.data.previous_attributes).toEqual({ discounts: [] })
  })

  it('back on the overview after accepting, says so and shows the discount on the plan until it ends', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 3 })
    const { subscription, session } = await cancelLinkWithOffer('offer-overview@example.com', coupon.id)
    const offer = await (await fetch(session.url)).text()
    const accepted = await submitForm(kit.url, formWithButton(offer, 'Accept offer'))
    const overview = textOf(await (await fetch(new URL(accepted.headers.get('location') as string, kit.url))).text())
    expect(overview).toContain('Your offer was applied and your subscription will continue.')
    const [discount] = (await kit.stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] }))
      .discounts as Stripe.Discount[]
    const end = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date((discount?.end as number) * 1000),
    )
    expect(overview).toContain(`Discount 20% off until ${end}`)
  })

  it('declining goes on to the cancel confirmation, which cancels without a discount', async () => {
    const coupon = await kit.stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'once' })
    const { subscription, session } = await cancelLinkWithOffer('offer-decline@example.com', coupon.id, {
      type: 'redirect',
      redirect: { return_url: 'https://example.com/flow-done' },
    })
    const offer = await (await fetch(session.url)).text()
    expect(textOf(offer)).toContain('Stay with us and get $5.00 off on your next invoice.')
    const declined = await submitForm(kit.url, formWithButton(offer, 'No thanks, continue to cancel'))
    expect(declined.status).toBe(303)
    const cancelPage = await (await fetch(new URL(declined.headers.get('location') as string, kit.url))).text()
    expect(cancelPage).toContain('<h1>Cancel your subscription</h1>')
    // The session link now opens on the cancel confirmation too: the offer is made once.
    expect(await (await fetch(session.url)).text()).toContain('Confirm cancellation')

    const done = await submitForm(kit.url, formWithButton(cancelPage, 'Confirm cancellation'))
    expect(done.headers.get('location')).toBe('https://example.com/flow-done')
    const after = await kit.stripe.subscriptions.retrieve(subscription.id)
    expect(after).toMatchObject({ cancel_at_period_end: true, discounts: [] })
    expect((await kit.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(0)
  })

  it('does not offer a coupon that can no longer be redeemed', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 10, max_redemptions: 1 })
    const { session } = await cancelLinkWithOffer('offer-used-up@example.com', coupon.id)
    const first = await subscribedCustomer(kit.stripe, 'offer-first@example.com')
    await kit.stripe.subscriptions.update(first.subscription.id, { discounts: [{ coupon: coupon.id }] })
    const html = await (await fetch(session.url)).text()
    expect(html).toContain('<h1>Cancel your subscription</h1>')
    expect(html).not.toContain('Accept offer')
  })
})
