import { describe, expect, it } from 'vitest'
import { EmulatorState } from '../state/emulator-state.js'
import { expandObject } from './expand.js'

function stateWith(...objects: Array<{ id: string; object: string; [k: string]: unknown }>): EmulatorState {
  const state = new EmulatorState()
  for (const o of objects) state.insert(o)
  return state
}

describe('expandObject', () => {
  const state = stateWith(
    { id: 'cus_1', object: 'customer', email: 'a@b.c', default_source: null },
    { id: 'in_1', object: 'invoice', customer: 'cus_1' },
  )

  it('replaces an id with the object it names, in a copy', () => {
    const sub = { id: 'sub_1', object: 'subscription', customer: 'cus_1', latest_invoice: 'in_1' }
    const expanded = expandObject(sub, ['customer'], state) as Record<string, unknown>
    expect(expanded.customer).toMatchObject({ id: 'cus_1', email: 'a@b.c' })
    expect(sub.customer).toBe('cus_1')
  })

  it('replaces each id of a list of ids (discounts[]), keeping ids it does not know', () => {
    const sub = { id: 'sub_1', object: 'subscription', discounts: ['in_1', 'di_unknown'] }
    const expanded = expandObject(sub, ['discounts'], state) as { discounts: unknown[] }
    expect(expanded.discounts).toEqual([{ id: 'in_1', object: 'invoice', customer: 'cus_1' }, 'di_unknown'])
  })

  it('follows dotted paths through expanded objects', () => {
    const sub = { id: 'sub_1', object: 'subscription', latest_invoice: 'in_1' }
    const expanded = expandObject(sub, ['latest_invoice.customer'], state) as {
      latest_invoice: { customer: { email: string } }
    }
    expect(expanded.latest_invoice.customer.email).toBe('a@b.c')
  })

  it('expands inside each item of a list with data.*', () => {
    const list = { object: 'list', data: [{ id: 'in_1', object: 'invoice', customer: 'cus_1' }] }
    const expanded = expandObject(list, ['data.customer'], state) as { data: Array<{ customer: { id: string } }> }
    expect(expanded.data[0]?.customer.id).toBe('cus_1')
  })

  it('leaves null and unknown ids as they are', () => {
    const obj = { id: 'x', object: 'thing', customer: null, other: 'cus_missing' }
    expect(expandObject(obj, ['customer', 'other'], state)).toEqual(obj)
  })

  it('refuses a property the object does not have, including inherited ones', () => {
    const obj = { id: 'x', object: 'thing' }
    expect(() => expandObject(obj, ['nope'], state)).toThrow(/cannot be expanded \(nope\)/)
    expect(() => expandObject(obj, ['constructor'], state)).toThrow(/cannot be expanded/)
  })

  it('refuses more than 4 levels', () => {
    expect(() => expandObject({ id: 'x', object: 'thing', a: 'cus_1' }, ['a.b.c.d.e'], state)).toThrow(/4 levels/)
  })

  it('returns the same value untouched when nothing is expanded', () => {
    const obj = { id: 'x', object: 'thing' }
    expect(expandObject(obj, [], state)).toBe(obj)
  })
})
