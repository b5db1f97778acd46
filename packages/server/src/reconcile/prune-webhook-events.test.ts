import pg from 'pg'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresStore } from '../stores/postgres-store.js'
import { type BillingHarness, startBillingHarness, subscribeAccount } from '../testing/billing-harness.js'

const databaseUrl = process.env.DATABASE_URL

describe.runIf(databaseUrl)('given webhook claims older than the retention window (Postgres)', () => {
  let h: BillingHarness
  let admin: pg.Client
  const schema = `portal_kit_prune_${process.pid}_${Date.now()}`
  const seen: string[] = []
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    const url = new URL(databaseUrl as string)
    url.searchParams.set('options', `-c search_path=${schema}`)
    h = await startBillingHarness({
      sync: 'payload',
      cronSecret: 'cron-secret',
      store: postgresStore({ connectionString: url.toString() }),
      onEvent: async (event) => {
        seen.push(event.id)
      },
    })
  })
  afterAll(async () => {
    await h.close()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })

  const age = (days: number) =>
    admin.query(`UPDATE ${schema}.portal_kit_webhook_events SET processed_at = now() - make_interval(days => $1)`, [
      days,
    ])

  it('prunes them from the cron route, keeps newer ones, and a very late resend cannot roll state back', async () => {
    const { subscription } = await subscribeAccount(h.stripe, 'acct_prune')
    const events = h.emittedEvents()
    for (const event of events)
      expect((await h.billing.handler(h.signedWebhook(JSON.stringify(event)))).status).toBe(200)
    const created = events.find(
      (e) =>
        e.type === 'customer.subscription.created' && (e.data.object as Stripe.Subscription).id === subscription.id,
    ) as Stripe.Event
    await h.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    const later = h.emittedEvents().slice(events.length)
    await age(31)
    for (const event of later) {
      // Minutes later in Stripe's time, so the cancel is not a same-second tie with the creation.
      const moved = { ...event, created: event.created + 120 }
      expect((await h.billing.handler(h.signedWebhook(JSON.stringify(moved)))).status).toBe(200)
    }

    const res = await h.billing.handler(
      new Request('https://app.example/api/billing/cron/reconcile', {
        headers: { authorization: 'Bearer cron-secret' },
      }),
    )
    expect(res.status).toBe(200)
    expect((await res.json()).webhookEventsPruned).toBe(events.length)
    const left = await admin.query(`SELECT event_id FROM ${schema}.portal_kit_webhook_events`)
    expect(left.rows.map((r) => r.event_id).sort()).toEqual(later.map((e) => e.id).sort())

    // Stripe's manual resend of a pruned event: applied as new (onEvent runs again), state stays right.
    const before = seen.filter((id) => id === created.id).length
    const resend = await h.billing.handler(h.signedWebhook(JSON.stringify(created)))
    expect(await resend.json()).toEqual({ received: true, duplicate: false })
    expect(seen.filter((id) => id === created.id).length).toBe(before + 1)
    expect((await h.billing.api.getStatus('acct_prune')).subscription).toMatchObject({ cancelAtPeriodEnd: true })
  })

  it('keeps claims inside the window', async () => {
    await age(29)
    expect((await h.billing.api.pruneWebhookEvents()).deleted).toBe(0)
    expect((await h.billing.api.pruneWebhookEvents({ olderThanDays: 28 })).deleted).toBeGreaterThan(0)
  })
})
