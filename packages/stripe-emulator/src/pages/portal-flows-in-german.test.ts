import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recurringPrice } from '../testing/recurring-price.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'
import { subscribedCustomer } from '../testing/subscribed-customer.js'
import { formWithButton, submitForm, textOf } from './portal-test-forms.js'
import { pauseFeature } from './portal-test-pause.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator({ settings: { businessName: 'Acme' } })
})
afterAll(() => kit.close())

const germanDate = (unixSeconds: number) =>
  new Intl.DateTimeFormat('de', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(unixSeconds * 1000))

async function page(url: string | URL): Promise<string> {
  const response = await fetch(url)
  expect(response.status).toBe(200)
  return response.text()
}

/** Follows a redirect answer (303) to the page it points at. */
async function follow(response: Response): Promise<string> {
  expect(response.status).toBe(303)
  return page(new URL(response.headers.get('location') as string, kit.url))
}

describe('given a portal session in German', () => {
  it('shows the quantity field, a scheduled plan change, the pause page and a paused subscription in German', async () => {
    const { stripe } = kit
    const { customer, subscription, product, monthly } = await subscribedCustomer(stripe, 'deutsch-flows@example.com')
    const basic = await stripe.products.create({ name: 'Basic' })
    const basicMonthly = await recurringPrice(stripe, basic.id, 1000)
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_pause: pauseFeature(1, 3),
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price', 'quantity'],
          products: [
            {
              product: product.id,
              prices: [monthly.id],
              adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 },
            },
            { product: basic.id, prices: [basicMonthly.id] },
          ],
          schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }] },
        },
      },
    })
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      locale: 'de',
      return_url: 'https://example.com/account',
    })
    const base = `${session.url}/subscriptions/${subscription.id}`

    const switchPage = await page(`${base}/update`)
    expect(textOf(switchPage)).toContain('Anzahl')
    expect(textOf(switchPage)).toContain('Von 1 bis 10.')
    expect(textOf(switchPage)).toContain(
      'Ein günstigerer Tarif oder ein kürzeres Abrechnungsintervall gilt ab dem Ende',
    )
    const tooMany = await submitForm(kit.url, formWithButton(switchPage, 'Tarif wechseln'), {
      price: monthly.id,
      quantity: '11',
    })
    expect(tooMany.status).toBe(400)
    expect(textOf(await tooMany.text())).toContain('Geben Sie eine Anzahl von 1 bis 10 ein.')

    const review = await submitForm(kit.url, formWithButton(switchPage, 'Tarif wechseln'), { price: basicMonthly.id })
    const overview = await follow(await submitForm(kit.url, formWithButton(await review.text(), 'Bestätigen')))
    const periodEnd = subscription.items.data[0]?.current_period_end as number
    expect(textOf(overview)).toContain('Ihr Tarifwechsel ist zum Ende des Abrechnungszeitraums vorgemerkt.')
    expect(textOf(overview)).toContain(`Wechselt am ${germanDate(periodEnd)} zu Basic`)

    const pausePage = await page(`${base}/pause`)
    const pauseText = textOf(pausePage)
    expect(pauseText).toContain('Solange Ihr Abonnement pausiert ist, werden keine Zahlungen eingezogen.')
    expect(pauseText).toContain('Pausieren für 1 Monat 3 Monate')
    const paused = await follow(
      await submitForm(kit.url, formWithButton(pausePage, 'Abonnement pausieren'), { duration: 'month:3' }),
    )
    expect(textOf(paused)).toContain('Ihr Abonnement wurde pausiert.')
    // The date Stripe resumes payments, in German: a month name may be any letters ("März"), not only ASCII.
    const resumesAt = (await stripe.subscriptions.retrieve(subscription.id)).pause_collection?.resumes_at as number
    expect(textOf(paused)).toContain(`Pausiert Zahlungen sind bis ${germanDate(resumesAt)} pausiert`)
    const resumed = await follow(await submitForm(kit.url, formWithButton(paused, 'Abonnement fortsetzen')))
    expect(textOf(resumed)).toContain('Ihr Abonnement wurde fortgesetzt.')
    expect(resumed).not.toMatch(/Pause subscription|Changes to|Quantity|Payments are paused/)
  })

  it('makes the retention offer and confirms it in German', async () => {
    const { stripe } = kit
    const { customer, subscription } = await subscribedCustomer(stripe, 'deutsch-angebot@example.com')
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 3 })
    const config = await stripe.billingPortal.configurations.create({
      features: { subscription_cancel: { enabled: true, mode: 'at_period_end' } },
    })
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      locale: 'de',
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: {
          subscription: subscription.id,
          retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } },
        },
        after_completion: { type: 'hosted_confirmation' },
      },
    })
    const offer = await page(session.url)
    expect(textOf(offer)).toContain('Bevor Sie kündigen')
    expect(textOf(offer)).toContain('Bleiben Sie bei uns und erhalten Sie 20 % Rabatt für 3 Monate.')
    expect(textOf(offer)).toContain('Nein danke, weiter zur Kündigung')
    const confirmation = await follow(await submitForm(kit.url, formWithButton(offer, 'Angebot annehmen')))
    expect(textOf(confirmation)).toContain('Angebot angenommen')
    expect(textOf(confirmation)).toContain('Ihr Abonnement läuft weiter mit 20 % Rabatt für 3 Monate.')
    expect(confirmation).not.toMatch(/Before you cancel|Offer accepted|% off/)
  })
})
