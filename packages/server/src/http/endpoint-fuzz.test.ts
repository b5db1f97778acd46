import { createHash } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import { seededRandom } from '@portal-kit/stripe-emulator/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgliteStore } from '../stores/pglite-store.js'
import { appUrl, type BillingHarness, startBillingHarness, webhookSecret } from '../testing/billing-harness.js'
import { type StoreWriteFaults, withStoreWriteFaults } from '../testing/store-write-faults.js'
import { handledEventTypes } from '../webhooks/apply-event-records.js'

const cronSecret = 'cron_secret_for_the_fuzz_test'
const routes = ['/portal', '/checkout', '/webhook', '/status', '/sync', '/cron/reconcile']
const tables = ['portal_kit_customers', 'portal_kit_subscriptions', 'portal_kit_webhook_events', 'portal_kit_invoices']

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })
const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)) })

const method = fc.oneof(
  fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  fc.stringMatching(/^[A-Za-z]{1,12}$/).filter((m) => !['CONNECT', 'TRACE', 'TRACK'].includes(m.toUpperCase())),
)

const path = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...routes) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...routes).chain((r) => fc.constantFrom(`${r}/`, `${r}/x`, r.toUpperCase())),
  },
  fc.webPath(),
  fc.string({ unit: 'grapheme' }).map((s) => `/${encodeURIComponent(s)}`),
  fc.constantFrom('/..', '/%2e%2e/webhook', '/%00', '//webhook', '/webhook%2F..', `/${'a'.repeat(10_000)}`),
)

const query = fc.oneof(
  fc.constant(''),
  fc.webQueryParameters().map((q) => `?${q}`),
  fc.constantFrom('?returnUrl=https://evil.example', '?flow=subscription_cancel', `?x=${'y'.repeat(20_000)}`),
)

const headerValue = fc.oneof(
  printable,
  latin1,
  fc.constantFrom(
    appUrl,
    'https://evil.example',
    'null',
    'application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'text/plain;charset=utf-8',
    `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
    't=1,v1=abc,v0=def',
    `Bearer ${cronSecret.slice(0, -1)}`,
    'Bearer ',
    '*',
    '"etag"',
  ),
)

const headers = fc.dictionary(
  fc.constantFrom(
    'origin',
    'referer',
    'content-type',
    'stripe-signature',
    'authorization',
    'cookie',
    'x-forwarded-host',
    'x-forwarded-proto',
    'if-none-match',
    'accept',
    'sec-fetch-site',
  ),
  headerValue,
  { maxKeys: 6 },
)

const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 3, arbitrary: fc.json() },
  { weight: 2, arbitrary: fc.webQueryParameters() },
  {
    weight: 2,
    arbitrary: fc.record({
      flow: fc.oneof(fc.string(), fc.constantFrom('subscription_cancel', 'payment_method_update')),
      returnUrl: fc.oneof(fc.webUrl(), fc.string()),
      priceId: fc.string(),
      subscriptionId: fc.string(),
      id: fc.string(),
      type: fc.constantFrom('customer.created', 'customer.subscription.updated', 'invoice.paid'),
    }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 16 * 1024, max: 1024 * 1024 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4096 }) },
)

const anyRequest = fc.record({
  method,
  path,
  query,
  headers,
  body,
  prefix: fc.constantFrom('/api/billing', '', '/api'),
})

/** Stripe-like events with any data, including text Postgres cannot hold (NUL, lone surrogates). */
const eventBody = fc.record({
  id: fc.oneof({ weight: 4, arbitrary: fc.string().map((s) => `evt_${s}`) }, fc.string({ unit: 'binary' })),
  object: fc.constant('event'),
  type: fc.oneof(fc.constantFrom(...handledEventTypes), fc.string()),
  created: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }) }, fc.double()),
  data: fc.record({
    object: fc.oneof(
      fc.json().map((j) => JSON.parse(j) as unknown),
      fc.record({
        id: fc.oneof(fc.string(), fc.string({ unit: 'binary' })),
        object: fc.constantFrom('customer', 'subscription', 'invoice', 'checkout.session'),
        customer: fc.oneof(fc.string({ unit: 'binary' }), fc.constant('cus_fuzz'), fc.integer()),
        status: fc.oneof(fc.constantFrom('active', 'past_due', 'canceled'), fc.string({ unit: 'binary' })),
        email: fc.string({ unit: 'binary' }),
        metadata: fc.dictionary(fc.string(), fc.string({ unit: 'binary' })),
        items: fc.record({
          data: fc.array(
            fc.json().map((j) => JSON.parse(j) as unknown),
            { maxLength: 2 },
          ),
        }),
      }),
    ),
    previous_attributes: fc.option(fc.dictionary(fc.string(), fc.string({ unit: 'binary' })), { nil: undefined }),
  }),
})

/** Aimed at the routes with the methods they take, so most requests get past routing to the guards. */
const routedRequest = fc
  .constantFrom(
    ['POST', '/portal'],
    ['POST', '/checkout'],
    ['POST', '/webhook'],
    ['GET', '/status'],
    ['HEAD', '/status'],
    ['POST', '/sync'],
    ['GET', '/cron/reconcile'],
    ['POST', '/cron/reconcile'],
  )
  .chain(([method, path]) =>
    fc.record({
      method: fc.constant(method as string),
      path: fc.constant(path as string),
      query,
      headers,
      body: path === '/webhook' ? fc.oneof(body, { weight: 4, arbitrary: eventBody }) : body,
      prefix: fc.constant('/api/billing'),
    }),
  )

const request: fc.Arbitrary<FuzzRequest> = fc.oneof(anyRequest, { weight: 3, arbitrary: routedRequest })

interface FuzzRequest {
  method: string
  path: string
  query: string
  headers: Record<string, string>
  body: unknown
  prefix: string
}

function toRequest(r: FuzzRequest, extraHeaders: Record<string, string> = {}): Request {
  const payload: BodyInit =
    typeof r.body === 'string' ? r.body : r.body instanceof Uint8Array ? new Uint8Array(r.body) : JSON.stringify(r.body)
  const hasBody = !['GET', 'HEAD'].includes(r.method.toUpperCase())
  return new Request(`${appUrl}${r.prefix}${r.path}${r.query}`, {
    method: r.method,
    headers: { ...r.headers, ...extraHeaders },
    body: hasBody ? payload : undefined,
  })
}

let h: BillingHarness
let db: PGlite
let faults: StoreWriteFaults
let faultsInRequest = 0

beforeAll(async () => {
  db = new PGlite()
  const faulty = withStoreWriteFaults(pgliteStore({ db }), {
    rate: 0,
    random: seededRandom(20261130),
    onFault: () => {
      faultsInRequest++
    },
  })
  faults = faulty.faults
  h = await startBillingHarness({ store: faulty.store, cronSecret, logger: { warn() {}, error() {} } })
  // Tables exist before the first snapshot.
  await h.billing.api.getStatus('acct_fuzz_warmup')
})

afterAll(async () => {
  await h.close()
  await db.close()
})

/** Every row the server keeps and every object the emulator holds, as one hash. */
async function stateHash(): Promise<string> {
  const hash = createHash('sha256')
  for (const table of tables) {
    const rows = await db.query<{ r: string }>(`SELECT t::text AS r FROM ${table} t ORDER BY 1`)
    for (const row of rows.rows) hash.update(row.r)
  }
  hash.update(JSON.stringify(h.emulator.emulator.state.serialize()))
  return hash.digest('hex')
}

describe('every endpoint, fuzzed with random methods, paths, headers and bodies', () => {
  it('changes nothing and never answers 5xx for a signed-out visitor with no valid signature or cron secret', async () => {
    h.account = null
    faults.rate = 0
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const before = await stateHash()
        const res = await h.billing.handler(toRequest(r))
        expect(res.status).toBeLessThan(500)
        await res.arrayBuffer()
        expect(await stateHash()).toBe(before)
      }),
      { numRuns: 250 },
    )
  })

  it('answers a signed-in account, or a correctly signed webhook body, with a 5xx only when a store write failed', async () => {
    h.account = { id: 'acct_fuzz', email: 'fuzz@example.com' }
    await fc.assert(
      fc.asyncProperty(
        request,
        fc.constantFrom(true, true, true, false),
        fc.constantFrom(0, 0, 0.5),
        async (r, signWebhookBody, faultRate) => {
          faults.rate = faultRate
          faultsInRequest = 0
          const extra: Record<string, string> = { origin: appUrl }
          const req = toRequest(r, extra)
          if (signWebhookBody && req.method === 'POST') {
            const raw = await req.clone().text()
            extra['stripe-signature'] = h.stripe.webhooks.generateTestHeaderString({
              payload: raw,
              secret: webhookSecret,
            })
          }
          const res = await h.billing.handler(toRequest(r, extra))
          const text = await res.text()
          if (res.status >= 500) expect(faultsInRequest, `${res.status} ${text}`).toBeGreaterThan(0)
        },
      ),
      { numRuns: 500 },
    )
    faults.rate = 0
  })
})
