import { describe, expect, it } from 'vitest'
import { previousAttributes } from './previous-attributes.js'

describe('previousAttributes', () => {
  it('returns the old value of each changed top-level key', () => {
    expect(previousAttributes({ a: 1, b: 'x', c: true }, { a: 2, b: 'x', c: false })).toEqual({ a: 1, c: true })
  })

  it('reports a whole nested object when anything inside it changed', () => {
    const before = { metadata: { plan: 'basic', team: 't1' }, name: 'n' }
    const after = { metadata: { plan: 'pro', team: 't1' }, name: 'n' }
    expect(previousAttributes(before, after)).toEqual({ metadata: { plan: 'basic', team: 't1' } })
  })

  it('reports a key that was added as previously null', () => {
    expect(previousAttributes({}, { cancel_at: 123 })).toEqual({ cancel_at: null })
  })

  it('returns undefined when nothing changed', () => {
    expect(previousAttributes({ a: [1, 2], b: { c: 1 } }, { a: [1, 2], b: { c: 1 } })).toBeUndefined()
  })
})
