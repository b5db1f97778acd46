import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())

describe('coupons', () => {
  it('creates a percent-off coupon with a generated id and Stripe’s defaults, and sends coupon.created', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 25.5 })
    expect(coupon).toMatchObject({
      object: 'coupon',
      percent_off: 25.5,
      amount_off: null,
      currency: null,
      duration: 'once',
      duration_in_months: null,
      max_redemptions: null,
      redeem_by: null,
      times_redeemed: 0,
      valid: true,
      name: null,
      metadata: {},
    })
    expect(coupon.id).toMatch(/^[0-9A-Za-z]{8}$/)
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('coupon.created').map((e) => (e.data.object as Stripe.Coupon).id)).toContain(coupon.id)
  })

  it('creates an amount-off repeating coupon with its own id, limits and products', async () => {
    const product = await kit.stripe.products.create({ name: 'Pro' })
    const redeemBy = Math.floor(Date.now() / 1000) + 86_400
    const coupon = await kit.stripe.coupons.create({
      id: 'SPRING-5',
      amount_off: 500,
      currency: 'USD',
      duration: 'repeating',
      duration_in_months: 3,
      max_redemptions: 10,
      redeem_by: redeemBy,
      applies_to: { products: [product.id] },
      name: 'Spring offer',
      metadata: { campaign: 'spring' },
    })
    expect(coupon).toMatchObject({
      id: 'SPRING-5',
      amount_off: 500,
      currency: 'usd',
      duration: 'repeating',
      duration_in_months: 3,
      max_redemptions: 10,
      redeem_by: redeemBy,
      name: 'Spring offer',
      metadata: { campaign: 'spring' },
    })
    const fetched = await kit.stripe.coupons.retrieve('SPRING-5', { expand: ['applies_to'] })
    expect(fetched.applies_to).toEqual({ products: [product.id] })
    const again = await kit.stripe.coupons.create({ id: 'SPRING-5', percent_off: 5 }).catch((e: unknown) => e)
    expect(again).toMatchObject({ statusCode: 400, code: 'resource_already_exists', param: 'id' })
  })

  it.each([
    ['both percent_off and amount_off', { percent_off: 10, amount_off: 100, currency: 'usd' }, 'amount_off'],
    ['neither percent_off nor amount_off', { duration: 'forever' }, 'percent_off'],
    ['amount_off without currency', { amount_off: 100 }, 'currency'],
    ['repeating without duration_in_months', { percent_off: 10, duration: 'repeating' }, 'duration_in_months'],
    ['duration_in_months without repeating', { percent_off: 10, duration_in_months: 3 }, 'duration_in_months'],
    ['percent_off above 100', { percent_off: 100.5 }, 'percent_off'],
    ['redeem_by in the past', { percent_off: 10, redeem_by: 1_000_000 }, 'redeem_by'],
  ] as Array<[string, Stripe.CouponCreateParams, string]>)('refuses %s', async (_, params, param) => {
    const error = await kit.stripe.coupons.create(params).catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param })
  })

  it('updates name and metadata only, with coupon.updated and its previous attributes', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 10, name: 'Old', metadata: { a: '1' } })
    const updated = await kit.stripe.coupons.update(coupon.id, { name: 'New', metadata: { a: '', b: '2' } })
    expect(updated).toMatchObject({ name: 'New', metadata: { b: '2' }, percent_off: 10 })
    const refused = await kit.stripe.coupons
      .update(coupon.id, { percent_off: 20 } as Stripe.CouponUpdateParams)
      .catch((e: unknown) => e)
    expect(refused).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'percent_off' })
    await kit.webhooksIdle()
    const event = kit.deliveredEvents('coupon.updated').find((e) => (e.data.object as Stripe.Coupon).id === coupon.id)
    expect(event?.data.previous_attributes).toEqual({ name: 'Old', metadata: { a: '1' } })
  })

  it('lists coupons newest first with pagination', async () => {
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await kit.stripe.coupons.create({ percent_off: 5 + i })).id)
    const first = await kit.stripe.coupons.list({ limit: 2 })
    expect(first.data.map((c) => c.id)).toEqual([ids[2], ids[1]])
    expect(first.has_more).toBe(true)
    const next = await kit.stripe.coupons.list({ limit: 1, starting_after: ids[1] })
    expect(next.data.map((c) => c.id)).toEqual([ids[0]])
  })

  it('deletes a coupon: a deleted object, coupon.deleted, then 404 and gone from the list', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 50 })
    const deleted = await kit.stripe.coupons.del(coupon.id)
    expect(deleted).toEqual({ id: coupon.id, object: 'coupon', deleted: true })
    const missing = await kit.stripe.coupons.retrieve(coupon.id).catch((e: unknown) => e)
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' })
    const all = await kit.stripe.coupons.list({ limit: 100 })
    expect(all.data.map((c) => c.id)).not.toContain(coupon.id)
    await kit.webhooksIdle()
    expect(kit.deliveredEvents('coupon.deleted').map((e) => (e.data.object as Stripe.Coupon).id)).toContain(coupon.id)
  })
})
