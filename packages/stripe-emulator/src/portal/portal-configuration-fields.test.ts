import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { switchPlanAndConfirm } from '../pages/portal-test-forms.js'
import { customerOnTestClock } from '../testing/customer-on-test-clock.js'
import { recurringPrice } from '../testing/recurring-price.js'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

/** 2030-01-01T00:00:00Z. */
const start = 1_893_456_000
const day = 86_400

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())
beforeEach(() => kit.reset())

async function plans() {
  const { stripe } = kit
  const product = await stripe.products.create({ name: 'Pro' })
  const monthly = await recurringPrice(stripe, product.id, 2000)
  const bigger = await recurringPrice(stripe, product.id, 4000)
  return { product, monthly, bigger }
}

async function customerOnClock(email: string) {
  const { stripe } = kit
  const { clock, customer } = await customerOnTestClock(stripe, { frozenTime: start, email })
  return { clock, customer }
}

describe('the portal configuration fields of the pinned API', () => {
  it('stores name, adjustable_quantity, schedule_at_period_end, trial_update_behavior and billing_cycle_anchor', async () => {
    const { stripe } = kit
    const { product, monthly } = await plans()
    const config = await stripe.billingPortal.configurations.create({
      name: 'Self-serve',
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price', 'quantity'],
          billing_cycle_anchor: 'now',
          trial_update_behavior: 'continue_trial',
          schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }, { type: 'shortening_interval' }] },
          products: [
            {
              product: product.id,
              prices: [monthly.id],
              adjustable_quantity: { enabled: true, minimum: 2, maximum: 9 },
            },
          ],
        },
      },
    })
    expect(config.name).toBe('Self-serve')
    expect(config.features.subscription_update).toEqual({
      enabled: true,
      default_allowed_updates: ['price', 'quantity'],
      billing_cycle_anchor: 'now',
      trial_update_behavior: 'continue_trial',
      proration_behavior: 'none',
      schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }, { type: 'shortening_interval' }] },
      products: [
        { product: product.id, prices: [monthly.id], adjustable_quantity: { enabled: true, minimum: 2, maximum: 9 } },
      ],
    })
    const renamed = await stripe.billingPortal.configurations.update(config.id, { name: '' })
    expect(renamed.name).toBeNull()
  })

  it('refuses an unknown condition type, a maximum below the minimum and unknown enum values', async () => {
    const { stripe } = kit
    const { product, monthly } = await plans()
    const update = (extra: object) =>
      stripe.billingPortal.configurations.create({
        features: {
          subscription_update: {
            enabled: true,
            default_allowed_updates: ['price'],
            products: [{ product: product.id, prices: [monthly.id] }],
            ...extra,
          },
        },
      })
    await expect(update({ schedule_at_period_end: { conditions: [{ type: 'cheaper' }] } })).rejects.toMatchObject({
      param: 'features[subscription_update][schedule_at_period_end][conditions][0][type]',
    })
    await expect(update({ trial_update_behavior: 'keep_going' })).rejects.toMatchObject({
      param: 'features[subscription_update][trial_update_behavior]',
    })
    await expect(update({ billing_cycle_anchor: 'later' })).rejects.toMatchObject({
      param: 'features[subscription_update][billing_cycle_anchor]',
    })
    await expect(
      update({
        products: [
          { product: product.id, prices: [monthly.id], adjustable_quantity: { enabled: true, minimum: 5, maximum: 2 } },
        ],
      }),
    ).rejects.toMatchObject({ param: 'features[subscription_update][products][0][adjustable_quantity][maximum]' })
  })
})

describe('the hosted switch honours trial_update_behavior and billing_cycle_anchor', () => {
  async function switchInPortal(
    features: { trial_update_behavior?: 'continue_trial' | 'end_trial'; billing_cycle_anchor?: 'now' | 'unchanged' },
    trial: boolean,
  ) {
    const { stripe } = kit
    const { product, monthly, bigger } = await plans()
    const { clock, customer } = await customerOnClock(`honour-${Math.random()}@example.com`)
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      ...(trial ? { trial_period_days: 14 } : {}),
    })
    const config = await stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          products: [{ product: product.id, prices: [monthly.id, bigger.id] }],
          ...features,
        },
      },
    })
    await kit.advanceClock(clock.id, start + 10 * day)
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: config.id })
    const page = await (await fetch(`${session.url}/subscriptions/${subscription.id}/update`)).text()
    await switchPlanAndConfirm(kit.url, page, { price: bigger.id })
    return stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] })
  }

  it('ends a trial on a switch by default (end_trial) and charges the new plan', async () => {
    const after = await switchInPortal({}, true)
    expect(after).toMatchObject({ status: 'active', trial_end: start + 10 * day })
    expect(after.latest_invoice).toMatchObject({ amount_paid: 4000 })
  })

  it('keeps the trial with continue_trial', async () => {
    const after = await switchInPortal({ trial_update_behavior: 'continue_trial' }, true)
    expect(after).toMatchObject({ status: 'trialing', trial_end: start + 14 * day })
    expect(after.items.data[0]?.price.unit_amount).toBe(4000)
  })

  it('restarts the billing cycle now with billing_cycle_anchor now', async () => {
    const after = await switchInPortal({ billing_cycle_anchor: 'now' }, false)
    expect(after.billing_cycle_anchor).toBe(start + 10 * day)
    expect(after.items.data[0]?.current_period_start).toBe(start + 10 * day)
  })

  it('keeps the billing cycle with billing_cycle_anchor unchanged', async () => {
    const after = await switchInPortal({ billing_cycle_anchor: 'unchanged' }, false)
    expect(after.billing_cycle_anchor).toBe(start)
    expect(after.items.data[0]?.current_period_start).toBe(start)
  })
})
