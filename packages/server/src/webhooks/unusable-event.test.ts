import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness } from '../testing/billing-harness.js'

describe.each(['fetch', 'payload'] as const)(
  'given a correctly signed event whose shape cannot be used (%s mode)',
  (sync) => {
    let h: BillingHarness
    let errors: string[]
    beforeAll(async () => {
      errors = []
      h = await startBillingHarness({ sync, logger: { warn: () => {}, error: (message) => errors.push(message) } })
    })
    afterAll(() => h.close())

    const shapes: [string, unknown][] = [
      ['a subscription without customer, status or items', { id: 'sub_shapeless', object: 'subscription' }],
      ['a null object', null],
      [
        'a subscription whose customer is a number',
        { id: 'sub_numeric', object: 'subscription', customer: 42, status: 'active', items: { data: [] } },
      ],
      ['an invoice without an id', { object: 'invoice', customer: 'cus_x' }],
    ]

    it.each(shapes)(
      'records and acknowledges %s once, and logs it, instead of failing forever',
      async (name, object) => {
        const type = name.includes('invoice') ? 'invoice.paid' : 'customer.subscription.updated'
        const id = `evt_unusable_${sync}_${name.replace(/\W+/g, '_')}`
        const payload = JSON.stringify({ id, object: 'event', type, created: 1_700_000_000, data: { object } })
        const first = await h.billing.handler(h.signedWebhook(payload))
        expect(first.status).toBe(200)
        expect(await first.json()).toEqual({ received: true, duplicate: false })
        const again = await h.billing.handler(h.signedWebhook(payload))
        expect(await again.json()).toEqual({ received: true, duplicate: true })
        expect(errors.filter((e) => e.includes(id))).toHaveLength(1)
      },
    )
  },
)
