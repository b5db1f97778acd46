import { describe, expect, it } from 'vitest'
import { decodeForm } from './decode-form.js'
import { createdFilter, paginate } from './paginate.js'
import { Params } from './params.js'

const params = (encoded: string) => new Params(decodeForm(encoded))
// Newest first, as lists come out of the state.
const items = Array.from({ length: 25 }, (_, i) => ({ id: `obj_${25 - i}`, object: 'thing', created: 1000 + 25 - i }))
const ids = (list: { data: Array<{ id: string }> }) => list.data.map((o) => o.id)

describe('paginate', () => {
  it('returns the first 10 by default with has_more and the list url', () => {
    const page = paginate(items, params(''), '/v1/things')
    expect(page).toMatchObject({ object: 'list', has_more: true, url: '/v1/things' })
    expect(ids(page)).toEqual(items.slice(0, 10).map((o) => o.id))
  })

  it('continues after starting_after until has_more is false', () => {
    const second = paginate(items, params('limit=20&starting_after=obj_21'), '/v1/things')
    expect(ids(second)).toEqual(items.slice(5, 25).map((o) => o.id))
    expect(second.has_more).toBe(false)
  })

  it('pages backwards with ending_before', () => {
    const page = paginate(items, params('limit=3&ending_before=obj_15'), '/v1/things')
    expect(ids(page)).toEqual(['obj_18', 'obj_17', 'obj_16'])
    expect(page.has_more).toBe(true)
    const first = paginate(items, params('limit=3&ending_before=obj_23'), '/v1/things')
    expect(ids(first)).toEqual(['obj_25', 'obj_24'])
    expect(first.has_more).toBe(false)
  })

  it('refuses a limit outside 1..100 and an unknown cursor', () => {
    expect(() => paginate(items, params('limit=0'), '/v1/things')).toThrow(/limit/)
    expect(() => paginate(items, params('limit=101'), '/v1/things')).toThrow(/limit/)
    expect(() => paginate(items, params('starting_after=obj_missing'), '/v1/things')).toThrow(/obj_missing/)
  })

  it('returns an empty page for an empty list', () => {
    expect(paginate([], params(''), '/v1/things')).toEqual({
      object: 'list',
      data: [],
      has_more: false,
      url: '/v1/things',
    })
  })
})

describe('createdFilter', () => {
  it('matches an exact timestamp or a gt/gte/lt/lte range', () => {
    const pick = (encoded: string) => items.filter(createdFilter(params(encoded))).map((o) => o.created)
    expect(pick('created=1005')).toEqual([1005])
    expect(pick('created[gt]=1023')).toEqual([1025, 1024])
    expect(pick('created[gte]=1023&created[lt]=1025')).toEqual([1024, 1023])
    expect(pick('created[lte]=1001')).toEqual([1001])
    expect(pick('')).toHaveLength(25)
  })

  it('refuses a non-integer bound', () => {
    expect(() => createdFilter(params('created[gt]=yesterday'))).toThrow(/Invalid integer/)
  })
})
