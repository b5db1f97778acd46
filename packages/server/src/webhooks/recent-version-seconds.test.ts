import { describe, expect, it } from 'vitest'
import { RecentVersionSeconds } from './recent-version-seconds.js'

/** An event's version of a subscription as payload mode stores it: the end of its second, its rank, its id. */
const updated = (second: number, eventId: string, status = 'active') => ({
  sourceAt: second * 1000 + 999,
  sourceRank: 32,
  sourceId: eventId,
  status,
})
const created = (second: number, eventId: string, status = 'incomplete') => ({
  sourceAt: second * 1000 + 999,
  sourceRank: 10,
  sourceId: eventId,
  status,
})

/** The claim of the event whose version it is. */
const claimed = (version: ReturnType<typeof updated>) => ({
  eventId: version.sourceId,
  second: Math.floor(version.sourceAt / 1000),
  version,
})

describe('RecentVersionSeconds', () => {
  it('foresees a tie for another event of a subscription from the second of its last stored version', () => {
    const recent = new RecentVersionSeconds()
    recent.remember('sub_a', claimed(updated(100, 'evt_1')))
    expect(recent.foreseesTie('sub_a', claimed(updated(100, 'evt_2')))).toBe(true)
    expect(recent.foreseesTie('sub_a', claimed(updated(101, 'evt_2')))).toBe(false)
    expect(recent.foreseesTie('sub_b', claimed(updated(100, 'evt_2')))).toBe(false)
    recent.remember('sub_a', claimed(updated(101, 'evt_2')))
    expect(recent.foreseesTie('sub_a', claimed(updated(100, 'evt_3')))).toBe(false)
  })

  it('foresees none for a redelivery of the event it stored last', () => {
    const recent = new RecentVersionSeconds()
    recent.remember('sub_a', claimed(updated(100, 'evt_1')))
    expect(recent.foreseesTie('sub_a', claimed(updated(100, 'evt_1')))).toBe(false)
  })

  it('foresees none where the lifecycle orders the two versions: creation, then activation', () => {
    const recent = new RecentVersionSeconds()
    recent.remember('sub_a', claimed(created(100, 'evt_created')))
    expect(recent.foreseesTie('sub_a', claimed(updated(100, 'evt_active')))).toBe(false)
    recent.remember('sub_b', claimed(updated(100, 'evt_active')))
    expect(recent.foreseesTie('sub_b', claimed(created(100, 'evt_created')))).toBe(false)
    recent.remember('sub_c', claimed(updated(100, 'evt_canceled', 'canceled')))
    expect(recent.foreseesTie('sub_c', claimed(updated(100, 'evt_active')))).toBe(false)
  })

  it('foresees none for a redelivery of an event whose tie was settled with Stripe’s state', () => {
    const recent = new RecentVersionSeconds()
    const settled = { sourceAt: 100 * 1000 + 999, sourceRank: 1000, sourceId: 'fetch:100500', status: 'active' }
    recent.remember('sub_a', { eventId: 'evt_1', second: 100, version: settled })
    expect(recent.foreseesTie('sub_a', claimed(updated(100, 'evt_1')))).toBe(false)
    expect(recent.foreseesTie('sub_a', claimed(updated(100, 'evt_2')))).toBe(true)
  })

  it('keeps the newer version when an older one of the same second is claimed after it', () => {
    const recent = new RecentVersionSeconds()
    recent.remember('sub_a', claimed(updated(100, 'evt_active')))
    recent.remember('sub_a', claimed(created(100, 'evt_created')))
    // Against the active version a past_due one of that second is a tie; against the creation it would not be.
    expect(recent.foreseesTie('sub_a', claimed(updated(100, 'evt_past_due', 'past_due')))).toBe(true)
  })

  it('forgets the least recently stored subscription past its capacity', () => {
    const recent = new RecentVersionSeconds(2)
    recent.remember('sub_a', claimed(updated(1, 'evt_1')))
    recent.remember('sub_b', claimed(updated(1, 'evt_2')))
    recent.remember('sub_a', claimed(updated(2, 'evt_3')))
    recent.remember('sub_c', claimed(updated(1, 'evt_4')))
    expect(recent.foreseesTie('sub_b', claimed(updated(1, 'evt_x')))).toBe(false)
    expect(recent.foreseesTie('sub_a', claimed(updated(2, 'evt_x')))).toBe(true)
    expect(recent.foreseesTie('sub_c', claimed(updated(1, 'evt_x')))).toBe(true)
  })
})
