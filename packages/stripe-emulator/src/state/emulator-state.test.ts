import { describe, expect, it } from 'vitest'
import { EmulatorState, type StoredObject } from './emulator-state.js'

describe('EmulatorState', () => {
  it('makes ids with the prefix and 24 alphanumerics, never the same twice', () => {
    const state = new EmulatorState()
    const ids = new Set(Array.from({ length: 1000 }, () => state.newId('cus')))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(/^cus_[0-9A-Za-z]{24}$/)
  })

  it('finds an object only under its own type', () => {
    const state = new EmulatorState()
    state.insert({ id: 'cus_1', object: 'customer' })
    expect(state.find('customer', 'cus_1')).toMatchObject({ id: 'cus_1' })
    expect(state.find('invoice', 'cus_1')).toBeUndefined()
    expect(state.findAny('cus_1')).toMatchObject({ object: 'customer' })
  })

  it('lists newest first by created, then by insertion for the same second', () => {
    const state = new EmulatorState()
    state.insert({ id: 'a', object: 'thing', created: 10 })
    state.insert({ id: 'b', object: 'thing', created: 20 })
    state.insert({ id: 'c', object: 'thing', created: 20 })
    state.insert({ id: 'd', object: 'other', created: 30 })
    expect(state.list('thing').map((o) => o.id)).toEqual(['c', 'b', 'a'])
    expect(state.list('thing', (o) => o.id !== 'b').map((o) => o.id)).toEqual(['c', 'a'])
  })

  it('keeps hidden fields apart from the object and drops them with it', () => {
    const state = new EmulatorState()
    const pm = state.insert({ id: 'pm_1', object: 'payment_method' })
    state.hidden('pm_1').chargesFail = true
    expect(pm).not.toHaveProperty('chargesFail')
    expect(state.hidden('pm_1')).toEqual({ chargesFail: true })
    state.remove('pm_1')
    expect(state.findAny('pm_1')).toBeUndefined()
    expect(state.hidden('pm_1')).toEqual({})
  })

  it('round-trips objects, order, hidden fields and idempotency keys through serialize and load', () => {
    const state = new EmulatorState()
    state.insert({ id: 'x1', object: 'thing', created: 5 })
    state.insert({ id: 'x2', object: 'thing', created: 5 })
    state.hidden('x1').secret = 's'
    state.idempotency.set('key', { method: 'POST', path: '/v1/things', paramsHash: 'h', status: 200, body: '{}' })

    const copy = new EmulatorState()
    copy.load(JSON.parse(JSON.stringify(state.serialize())))
    expect(copy.list('thing').map((o) => o.id)).toEqual(['x2', 'x1'])
    expect(copy.hidden('x1')).toEqual({ secret: 's' })
    expect(copy.idempotency.get('key')).toMatchObject({ status: 200 })
    copy.insert({ id: 'x3', object: 'thing', created: 5 })
    expect(copy.list('thing').map((o) => o.id)).toEqual(['x3', 'x2', 'x1'])
  })

  it('clears everything', () => {
    const state = new EmulatorState()
    state.insert({ id: 'x', object: 'thing' })
    state.idempotency.set('k', { method: 'POST', path: '/', paramsHash: '', status: 200, body: '' })
    state.clear()
    expect(state.serialize()).toEqual({ version: 1, sequence: 0, objects: [], hidden: {}, idempotency: {} })
  })

  it('lists an object created in the past (a test clock) in its place among later ones', () => {
    const state = new EmulatorState()
    state.insert({ id: 'now1', object: 'thing', created: 100 })
    state.insert({ id: 'now2', object: 'thing', created: 100 })
    state.insert({ id: 'past', object: 'thing', created: 50 })
    state.insert({ id: 'same', object: 'thing', created: 100 })
    state.insert({ id: 'future', object: 'thing', created: 500 })
    expect(state.list('thing').map((o) => o.id)).toEqual(['future', 'same', 'now2', 'now1', 'past'])
    state.remove('now2')
    expect(state.list('thing').map((o) => o.id)).toEqual(['future', 'same', 'now1', 'past'])
    expect(state.count('thing')).toBe(4)
    expect(state.size).toBe(4)
  })

  it('counts every stored object across types as its size (what the scale bench reports)', () => {
    const state = new EmulatorState()
    state.insert({ id: 'cus_1', object: 'customer', created: 10 })
    state.insert({ id: 'sub_1', object: 'subscription', created: 10 })
    state.insert({ id: 'cus_1', object: 'customer', created: 20 })
    expect(state.size).toBe(2)
    state.remove('sub_1')
    expect(state.size).toBe(1)
  })

  it('lists a replaced object (a deleted customer’s tombstone) once, as the newest', () => {
    const state = new EmulatorState()
    state.insert({ id: 'cus_1', object: 'customer', created: 10, test_clock: 'clock_1' })
    state.insert({ id: 'cus_2', object: 'customer', created: 10 })
    state.insert({ id: 'cus_1', object: 'customer', deleted: true })
    expect(state.list('customer').map((o) => o.id)).toEqual(['cus_2', 'cus_1'])
    expect(state.listWhere('customer', 'test_clock', 'clock_1')).toEqual([])
    expect(state.serialize().objects.map((o) => o.id)).toEqual(['cus_2', 'cus_1'])
  })

  it('lists one customer’s, subscription’s or test clock’s objects newest first, and forgets removed ones', () => {
    const state = new EmulatorState()
    const subscriptionOf = (id: string) => ({ subscription_details: { subscription: id } })
    state.insert({ id: 'in_1', object: 'invoice', created: 1, customer: 'cus_a', parent: subscriptionOf('sub_a') })
    state.insert({ id: 'in_2', object: 'invoice', created: 2, customer: 'cus_b', parent: null, test_clock: 'clk' })
    state.insert({ id: 'in_3', object: 'invoice', created: 3, customer: 'cus_a', parent: subscriptionOf('sub_a') })
    state.insert({ id: 'sub_a', object: 'subscription', created: 1, customer: 'cus_a', test_clock: null })
    expect(state.listWhere('invoice', 'customer', 'cus_a').map((o) => o.id)).toEqual(['in_3', 'in_1'])
    expect(state.listWhere('invoice', 'subscription', 'sub_a').map((o) => o.id)).toEqual(['in_3', 'in_1'])
    expect(state.listWhere('invoice', 'test_clock', 'clk').map((o) => o.id)).toEqual(['in_2'])
    expect(state.listWhere('invoice', 'test_clock', null).map((o) => o.id)).toEqual(['in_3', 'in_1'])
    expect(state.listWhere('subscription', 'test_clock', null).map((o) => o.id)).toEqual(['sub_a'])
    expect(state.listWhere('invoice', 'customer', 'cus_a', (i) => i.id !== 'in_3').map((o) => o.id)).toEqual(['in_1'])
    state.remove('in_3')
    expect(state.listWhere('invoice', 'customer', 'cus_a').map((o) => o.id)).toEqual(['in_1'])
    expect(state.listWhere('invoice', 'subscription', 'sub_a').map((o) => o.id)).toEqual(['in_1'])
  })

  it('answers a link it does not index (a payment method’s customer, which attach changes) from the current fields', () => {
    const state = new EmulatorState()
    const pm = state.insert<StoredObject>({ id: 'pm_1', object: 'payment_method', created: 1, customer: null })
    expect(state.listWhere('payment_method', 'customer', 'cus_1')).toEqual([])
    pm.customer = 'cus_1'
    expect(state.listWhere('payment_method', 'customer', 'cus_1').map((o) => o.id)).toEqual(['pm_1'])
  })

  it('keeps its indexes through a state file (serialize and load) and empties them on clear', () => {
    const state = new EmulatorState()
    state.insert({ id: 'sub_1', object: 'subscription', created: 7, customer: 'cus_1', test_clock: 'clk' })
    state.insert({ id: 'sub_2', object: 'subscription', created: 3, customer: 'cus_1', test_clock: null })
    const copy = new EmulatorState()
    copy.load(JSON.parse(JSON.stringify(state.serialize())))
    expect(copy.listWhere('subscription', 'customer', 'cus_1').map((o) => o.id)).toEqual(['sub_1', 'sub_2'])
    expect(copy.listWhere('subscription', 'test_clock', 'clk').map((o) => o.id)).toEqual(['sub_1'])
    copy.clear()
    expect(copy.listWhere('subscription', 'customer', 'cus_1')).toEqual([])
    expect(copy.list('subscription')).toEqual([])
    expect(copy.count('subscription')).toBe(0)
  })

  it('reads a page as the same slice of the whole list, in both directions, with a filter', () => {
    const state = new EmulatorState()
    for (let i = 0; i < 12; i++)
      state.insert({ id: `e${i}`, object: 'event', created: Math.floor(i / 3), even: i % 2 === 0 })
    state.insert({ id: 'old', object: 'event', created: -1, even: true })
    const even = (o: StoredObject) => o.even === true
    const all = state.list('event', even).map((o) => o.id)
    expect(all).toEqual(['e10', 'e8', 'e6', 'e4', 'e2', 'e0', 'old'])
    const ids = (page: { data: { id: string }[]; hasMore: boolean }) => ({
      ids: page.data.map((o) => o.id),
      more: page.hasMore,
    })
    expect(ids(state.listPage('event', { limit: 3, filter: even }))).toEqual({ ids: ['e10', 'e8', 'e6'], more: true })
    expect(ids(state.listPage('event', { limit: 3, filter: even, startingAfter: 'e6' }))).toEqual({
      ids: ['e4', 'e2', 'e0'],
      more: true,
    })
    expect(ids(state.listPage('event', { limit: 3, filter: even, startingAfter: 'e0' }))).toEqual({
      ids: ['old'],
      more: false,
    })
    // A cursor the filter would skip still marks a place.
    expect(ids(state.listPage('event', { limit: 2, filter: even, startingAfter: 'e7' }))).toEqual({
      ids: ['e6', 'e4'],
      more: true,
    })
    expect(ids(state.listPage('event', { limit: 2, filter: even, endingBefore: 'e2' }))).toEqual({
      ids: ['e6', 'e4'],
      more: true,
    })
    expect(ids(state.listPage('event', { limit: 5, filter: even, endingBefore: 'e6' }))).toEqual({
      ids: ['e10', 'e8'],
      more: false,
    })
    expect(ids(state.listPage('nothing', { limit: 5 }))).toEqual({ ids: [], more: false })
  })

  it('fails a lookup when a linked field changed after insert, in the emulator’s own tests', () => {
    expect(process.env.STRIPE_EMULATOR_CHECK_INDEXES).toBe('1')
    const state = new EmulatorState()
    const invoice = state.insert({ id: 'in_1', object: 'invoice', created: 1, customer: 'cus_1' })
    invoice.customer = 'cus_2'
    expect(() => state.listWhere('invoice', 'customer', 'cus_2')).toThrow(/stale/)
  })
})
