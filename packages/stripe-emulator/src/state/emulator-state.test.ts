import { describe, expect, it } from 'vitest'
import { EmulatorState } from './emulator-state.js'

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
})
