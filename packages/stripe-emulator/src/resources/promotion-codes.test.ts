import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator, type TestEmulator } from '../testing/start-test-emulator.js'

let kit: TestEmulator
beforeAll(async () => {
  kit = await startTestEmulator()
})
afterAll(() => kit.close())

describe('promotion codes', () => {
  it('creates a code for a coupon under promotion[coupon] and sends promotion_code.created', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 20, duration: 'forever' })
    const code = await kit.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'WELCOME20',
      max_redemptions: 5,
      metadata: { channel: 'newsletter' },
      restrictions: { minimum_amount: 1000, minimum_amount_currency: 'usd' },
    })
    expect(code).toMatchObject({
      object: 'promotion_code',
      active: true,
      code: 'WELCOME20',
      promotion: { type: 'coupon', coupon: coupon.id },
      customer: null,
      expires_at: null,
      max_redemptions: 5,
      times_redeemed: 0,
      metadata: { channel: 'newsletter' },
      restrictions: { first_time_transaction: false, minimum_amount: 1000, minimum_amount_currency: 'usd' },
    })
    expect(code.id).toMatch(/^promo_/)
    const expanded = await kit.stripe.promotionCodes.retrieve(code.id, { expand: ['promotion.coupon'] })
    expect((expanded.promotion.coupon as Stripe.Coupon).percent_off).toBe(20)
    await kit.webhooksIdle()
    const event = kit
      .deliveredEvents('promotion_code.created')
      .find((e) => (e.data.object as { id: string }).id === code.id)
    expect(event).toBeDefined()
  })

  it('generates a code when none is given and refuses a second active code with the same text', async () => {
    const coupon = await kit.stripe.coupons.create({ amount_off: 300, currency: 'usd' })
    const generated = await kit.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } })
    expect(generated.code).toMatch(/^[0-9A-Z]{8}$/)
    await kit.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'TWICE' })
    const duplicate = await kit.stripe.promotionCodes
      .create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'twice' })
      .catch((e: unknown) => e)
    expect(duplicate).toMatchObject({ statusCode: 400, param: 'code' })
    const unknownCoupon = await kit.stripe.promotionCodes
      .create({ promotion: { type: 'coupon', coupon: 'nope' } })
      .catch((e: unknown) => e)
    expect(unknownCoupon).toMatchObject({ statusCode: 404, param: 'promotion[coupon]' })
  })

  it('updates active and metadata with promotion_code.updated', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 10 })
    const code = await kit.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } })
    const updated = await kit.stripe.promotionCodes.update(code.id, { active: false, metadata: { why: 'ended' } })
    expect(updated).toMatchObject({ active: false, metadata: { why: 'ended' } })
    await kit.webhooksIdle()
    const event = kit
      .deliveredEvents('promotion_code.updated')
      .find((e) => (e.data.object as { id: string }).id === code.id)
    expect(event?.data.previous_attributes).toMatchObject({ active: true })
  })

  it('lists by code, active, coupon and customer', async () => {
    const coupon = await kit.stripe.coupons.create({ percent_off: 15 })
    const other = await kit.stripe.coupons.create({ percent_off: 16 })
    const customer = await kit.stripe.customers.create({ email: 'promo-list@example.com' })
    const mine = await kit.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'LISTME',
      customer: customer.id,
    })
    const inactive = await kit.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      active: false,
    })
    const elsewhere = await kit.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: other.id } })
    const ids = async (params: Stripe.PromotionCodeListParams) =>
      (await kit.stripe.promotionCodes.list({ limit: 100, ...params })).data.map((p) => p.id)
    expect(await ids({ code: 'LISTME' })).toEqual([mine.id])
    expect(await ids({ coupon: coupon.id })).toEqual([inactive.id, mine.id])
    expect(await ids({ coupon: coupon.id, active: true })).toEqual([mine.id])
    expect(await ids({ customer: customer.id })).toEqual([mine.id])
    expect(await ids({ coupon: other.id })).toEqual([elsewhere.id])
  })
})
