import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it } from 'vitest'
import { payloadVersionRank } from '../webhooks/payload-version-rank.js'
import { lifecycleStage, lifecycleStageSql, orderedInSameSecondSql, sameSecondOrder } from './same-second-order.js'

const second = 1_700_000_000
/** An event's version as payload mode stores it. */
const eventVersion = (type: string, status: string, eventId: string) => ({
  sourceAt: second * 1000 + 999,
  sourceRank: payloadVersionRank(type, status),
  sourceId: eventId,
  status,
})
/** A version read from Stripe during that second. */
const fetched = (status: string, ms: number) => ({
  sourceAt: second * 1000 + ms,
  sourceRank: 0,
  sourceId: 'fetch',
  status,
})

describe('sameSecondOrder', () => {
  it('puts a subscription’s creation before its activation, in either order of arrival', () => {
    const creation = eventVersion('customer.subscription.created', 'incomplete', 'evt_b')
    const activation = eventVersion('customer.subscription.updated', 'active', 'evt_a')
    expect(sameSecondOrder(activation, creation)).toBe('newer')
    expect(sameSecondOrder(creation, activation)).toBe('older')
  })

  it('puts a trial’s creation before a change of the trial in the same second', () => {
    const creation = eventVersion('customer.subscription.created', 'trialing', 'evt_b')
    const change = eventVersion('customer.subscription.updated', 'trialing', 'evt_a')
    expect(sameSecondOrder(change, creation)).toBe('newer')
    expect(sameSecondOrder(creation, change)).toBe('older')
  })

  it('puts an ended status after any other, whatever the event type', () => {
    const deleted = eventVersion('customer.subscription.deleted', 'canceled', 'evt_a')
    const pastDue = eventVersion('customer.subscription.updated', 'past_due', 'evt_b')
    expect(sameSecondOrder(deleted, pastDue)).toBe('newer')
    expect(sameSecondOrder(pastDue, deleted)).toBe('older')
  })

  it('calls two versions of one stage a tie: only Stripe knows which came last', () => {
    const active = eventVersion('customer.subscription.updated', 'active', 'evt_a')
    const pastDue = eventVersion('customer.subscription.updated', 'past_due', 'evt_b')
    expect(sameSecondOrder(active, pastDue)).toBe('tie')
    expect(sameSecondOrder(pastDue, active)).toBe('tie')
    expect(sameSecondOrder(active, fetched('active', 400))).toBe('tie')
  })

  it('calls it a tie when the lifecycle and the stored order disagree, so nothing older is ever written', () => {
    // The creation event's version sorts after a fetch of that second, but the fetch saw a later stage.
    const creation = eventVersion('customer.subscription.created', 'incomplete', 'evt_a')
    expect(sameSecondOrder(creation, fetched('active', 400))).toBe('tie')
    // Activation after a fetch that still saw it incomplete: both orders agree.
    expect(
      sameSecondOrder(eventVersion('customer.subscription.updated', 'active', 'evt_b'), fetched('incomplete', 400)),
    ).toBe('newer')
  })
})

describe('the SQL forms', () => {
  const statuses = [
    'incomplete',
    'trialing',
    'active',
    'past_due',
    'unpaid',
    'paused',
    'incomplete_expired',
    'canceled',
  ]
  const types = [
    'customer.subscription.created',
    'customer.subscription.updated',
    'customer.subscription.trial_will_end',
    'customer.subscription.deleted',
  ]
  const versions = [
    ...types.flatMap((type) => statuses.map((status, i) => eventVersion(type, status, `evt_${type.length}_${i}`))),
    ...statuses.map((status) => fetched(status, 400)),
    ...statuses.map((status) => ({ sourceAt: second * 1000 + 999, sourceRank: 1000, sourceId: 'fetch:1', status })),
  ]

  it('agree with the functions for every stage and every pair of versions', async () => {
    const db = new PGlite()
    const rows = versions.flatMap((version, i) =>
      versions.map((stored, j) => ({ i, j, ...prefixed('v', version), ...prefixed('s', stored) })),
    )
    const { rows: result } = await db.query<{ i: number; j: number; v_stage: number; ordered: boolean }>(
      `SELECT i, j, ${lifecycleStageSql('v_rank', 'v_status')} AS v_stage,
         ${orderedInSameSecondSql({ at: 'v_at', rank: 'v_rank', id: 'v_id', status: 'v_status' }, 's')} AS ordered
       FROM jsonb_to_recordset($1::jsonb) AS x(i int, j int, v_at bigint, v_rank int, v_id text, v_status text,
         s_at bigint, s_rank int, s_id text, s_status text),
       LATERAL (SELECT s_at AS source_at, s_rank AS source_rank, s_id AS source_id, s_status AS status) AS s`,
      [JSON.stringify(rows)],
    )
    expect(result).toHaveLength(versions.length ** 2)
    for (const { i, j, v_stage, ordered } of result) {
      const version = versions[i] as (typeof versions)[number]
      const stored = versions[j] as (typeof versions)[number]
      expect({ i, stage: v_stage }).toEqual({ i, stage: lifecycleStage(version) })
      expect({ i, j, ordered }).toEqual({ i, j, ordered: sameSecondOrder(version, stored) !== 'tie' })
    }
    await db.close()
  })
})

function prefixed(prefix: string, v: { sourceAt: number; sourceRank: number; sourceId: string; status: string }) {
  return {
    [`${prefix}_at`]: v.sourceAt,
    [`${prefix}_rank`]: v.sourceRank,
    [`${prefix}_id`]: v.sourceId,
    [`${prefix}_status`]: v.status,
  }
}
