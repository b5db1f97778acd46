import { describe, expect, it } from 'vitest'
import { RecentVersionSeconds } from './recent-version-seconds.js'

describe('RecentVersionSeconds', () => {
  it('foresees a tie for another event of a subscription from the second of its last stored version', () => {
    const recent = new RecentVersionSeconds()
    recent.remember('sub_a', 100, 'evt_1')
    expect(recent.foreseesTie('sub_a', 100, 'evt_2')).toBe(true)
    expect(recent.foreseesTie('sub_a', 101, 'evt_2')).toBe(false)
    expect(recent.foreseesTie('sub_b', 100, 'evt_2')).toBe(false)
    recent.remember('sub_a', 101, 'evt_2')
    expect(recent.foreseesTie('sub_a', 100, 'evt_3')).toBe(false)
  })

  it('foresees none for a redelivery of the event it stored last', () => {
    const recent = new RecentVersionSeconds()
    recent.remember('sub_a', 100, 'evt_1')
    expect(recent.foreseesTie('sub_a', 100, 'evt_1')).toBe(false)
  })

  it('forgets the least recently stored subscription past its capacity', () => {
    const recent = new RecentVersionSeconds(2)
    recent.remember('sub_a', 1, 'evt_1')
    recent.remember('sub_b', 1, 'evt_2')
    recent.remember('sub_a', 2, 'evt_3')
    recent.remember('sub_c', 1, 'evt_4')
    expect(recent.foreseesTie('sub_b', 1, 'evt_x')).toBe(false)
    expect(recent.foreseesTie('sub_a', 2, 'evt_x')).toBe(true)
    expect(recent.foreseesTie('sub_c', 1, 'evt_x')).toBe(true)
  })
})
