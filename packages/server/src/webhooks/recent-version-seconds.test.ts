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

describe('RecentVersionSeconds', () => {
  it('foresees a tie for another event of a subscription from the second of its last stored version', () => {
    const recent = new RecentVersionSeconds()
    recent.remember('sub_a', 100, updated(100, 'evt_1'))
    expect(recent.foreseesTie('sub_a', 100, updated(100, 'evt_2'))).toBe(true)
    expect(recent.foreseesTie('sub_a', 101, updated(101, 'evt_2'))).toBe(false)
    expect(recent.foreseesTie('sub_b', 100, updated(100, 'evt_2'))).toBe(false)
    recent.remember('sub_a', 101, updated(101, 'evt_2'))
    expect(recent.foreseesTie('sub_a', 100, updated(100, 'evt_3'))).toBe(false)
  })

  it('foresees none for a redelivery of the event it stored last', () => {
    const recent = new RecentVersionSeconds()
    recent.remember('sub_a', 100, updated(100, 'evt_1'))
    expect(recent.foreseesTie('sub_a', 100, updated(100, 'evt_1'))).toBe(false)
  })

  it('foresees none where the lifecycle orders the two versions: creation, then activation', () => {
    const recent = new RecentVersionSeconds()
    recent.remember('sub_a', 100, created(100, 'evt_created'))
    expect(recent.foreseesTie('sub_a', 100, updated(100, 'evt_active'))).toBe(false)
    recent.remember('sub_b', 100, updated(100, 'evt_active'))
    expect(recent.foreseesTie('sub_b', 100, created(100, 'evt_created'))).toBe(false)
    recent.remember('sub_c', 100, updated(100, 'evt_canceled', 'canceled'))
    expect(recent.foreseesTie('sub_c', 100, updated(100, 'evt_active'))).toBe(false)
  })

  it('keeps the newer version when an older one of the same second is claimed after it', () => {
    const recent = new RecentVersionSeconds()
    recent.remember('sub_a', 100, updated(100, 'evt_active'))
    recent.remember('sub_a', 100, created(100, 'evt_created'))
    // Against the active version a past_due one of that second is a tie; against the creation it would not be.
    expect(recent.foreseesTie('sub_a', 100, updated(100, 'evt_past_due', 'past_due'))).toBe(true)
  })

  it('forgets the least recently stored subscription past its capacity', () => {
    const recent = new RecentVersionSeconds(2)
    recent.remember('sub_a', 1, updated(1, 'evt_1'))
    recent.remember('sub_b', 1, updated(1, 'evt_2'))
    recent.remember('sub_a', 2, updated(2, 'evt_3'))
    recent.remember('sub_c', 1, updated(1, 'evt_4'))
    expect(recent.foreseesTie('sub_b', 1, updated(1, 'evt_x'))).toBe(false)
    expect(recent.foreseesTie('sub_a', 2, updated(2, 'evt_x'))).toBe(true)
    expect(recent.foreseesTie('sub_c', 1, updated(1, 'evt_x'))).toBe(true)
  })
})
