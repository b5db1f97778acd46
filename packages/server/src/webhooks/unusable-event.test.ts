import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingHarness, startBillingHarness } from '../testing/billing-harness.js'
import { handledEventTypes } from './apply-event-records.js'

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

    it.each(handledEventTypes.flatMap((type) => [null, 'sub_1', [], 42].map((object) => [type, object] as const)))(
      'records and acknowledges a %s whose object is %j, and logs it, instead of failing forever',
      async (type, object) => {
        const id = `evt_not_an_object_${sync}_${type}_${JSON.stringify(object)}`
        const payload = JSON.stringify({ id, object: 'event', type, created: 1_700_000_000, data: { object } })
        const first = await h.billing.handler(h.signedWebhook(payload))
        expect(first.status).toBe(200)
        expect(await first.json()).toEqual({ received: true, duplicate: false })
        expect(errors.filter((e) => e.includes(id))).toHaveLength(1)
      },
    )

    const unstorable: [string, Record<string, unknown>][] = [
      [
        'a NUL in its email',
        { id: `cus_nul_${sync}`, object: 'customer', email: 'ada\u0000@example.com', metadata: {} },
      ],
      [
        'a lone surrogate in its metadata',
        { id: `cus_surrogate_${sync}`, object: 'customer', email: null, metadata: { accountId: 'acct_\ud800' } },
      ],
      [
        'a lone surrogate in a metadata key, deep in a list',
        {
          id: `cus_surrogate_key_${sync}`,
          object: 'customer',
          email: null,
          metadata: {},
          tax_ids: { data: [{ id: 'txi_1', note: { '\udc00plan': 'pro' } }] },
        },
      ],
    ]

    it.each(unstorable)(
      'records and acknowledges a customer with %s, text Postgres cannot hold, instead of failing forever',
      async (name, object) => {
        const id = `evt_unstorable_${sync}_${name.replace(/\W+/g, '_')}`
        const payload = JSON.stringify({
          id,
          object: 'event',
          type: 'customer.created',
          created: 1_700_000_000,
          data: { object },
        })
        const first = await h.billing.handler(h.signedWebhook(payload))
        expect(first.status).toBe(200)
        expect(await first.json()).toEqual({ received: true, duplicate: false })
        expect(errors.filter((e) => e.includes(id))).toHaveLength(1)
      },
    )

    it('finds a lone surrogate a sender wrote as an uppercase escape after an escaped backslash', async () => {
      const id = `evt_unstorable_${sync}_hand_written`
      // Not JSON.stringify's spelling: `\\u0041` is a backslash and "u0041", then `\uDBFF` a lone high surrogate.
      const payload = `{"id":"${id}","object":"event","type":"customer.created","created":1700000000,"data":{"object":{"id":"cus_hand_${sync}","object":"customer","email":null,"metadata":{"note":"a\\\\u0041\\uDBFF"}}}}`
      expect(
        (JSON.parse(payload) as { data: { object: { metadata: { note: string } } } }).data.object.metadata.note,
      ).toBe('a\\u0041\udbff')
      const res = await h.billing.handler(h.signedWebhook(payload))
      expect(await res.json()).toEqual({ received: true, duplicate: false })
      expect(errors.filter((e) => e.includes(id))).toHaveLength(1)
    })
  },
)

describe('given a correctly signed body that is not a Stripe event', () => {
  let h: BillingHarness
  beforeAll(async () => {
    h = await startBillingHarness({ logger: { warn: () => {}, error: () => {} } })
  })
  afterAll(() => h.close())

  const bodies: [string, string][] = [
    ['an empty object', '{}'],
    ['null', 'null'],
    ['an array', '[]'],
    ['a number', '42'],
    ['an event without created', JSON.stringify({ id: 'evt_no_created', type: 'customer.created', data: {} })],
    ['an event whose id is a number', JSON.stringify({ id: 7, type: 'customer.created', created: 1_700_000_000 })],
    [
      'an event whose id holds a NUL',
      JSON.stringify({ id: 'evt_\u0000', type: 'customer.created', created: 1_700_000_000, data: {} }),
    ],
    [
      'an event created past any time a database holds',
      JSON.stringify({ id: 'evt_far', type: 'customer.created', created: 1e300, data: {} }),
    ],
  ]

  it.each(bodies)('answers 400 invalid_request to %s, which no retry could fix', async (_name, payload) => {
    const res = await h.billing.handler(h.signedWebhook(payload))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
  })
})
