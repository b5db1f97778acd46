import { describe, expect, it } from 'vitest'
import { selectPrimarySubscription } from './select-primary-subscription.js'

describe('selectPrimarySubscription', () => {
  it('returns null for a customer without subscriptions', () => {
    expect(selectPrimarySubscription([])).toBeNull()
  })

  it('prefers a live subscription over a newer canceled one', () => {
    const live = { id: 'sub_a', status: 'active', created: 100 }
    const ended = { id: 'sub_b', status: 'canceled', created: 200 }
    expect(selectPrimarySubscription([ended, live])).toBe(live)
  })

  it('prefers past_due over incomplete, and the newest among equals', () => {
    const pastDue = { id: 'sub_a', status: 'past_due', created: 100 }
    const incomplete = { id: 'sub_b', status: 'incomplete', created: 300 }
    expect(selectPrimarySubscription([incomplete, pastDue])).toBe(pastDue)
    const older = { id: 'sub_c', status: 'canceled', created: 100 }
    const newer = { id: 'sub_d', status: 'canceled', created: 200 }
    expect(selectPrimarySubscription([older, newer])).toBe(newer)
  })

  it('breaks a same-second tie by id so the choice never depends on list order', () => {
    const a = { id: 'sub_a', status: 'active', created: 100 }
    const b = { id: 'sub_b', status: 'trialing', created: 100 }
    expect(selectPrimarySubscription([a, b])).toBe(b)
    expect(selectPrimarySubscription([b, a])).toBe(b)
  })
})
