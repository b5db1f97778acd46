import { describe, expect, it } from 'vitest'
import { decodeForm } from './decode-form.js'
import { Params } from './params.js'

const params = (encoded: string) => new Params(decodeForm(encoded))

function errorOf(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('Params', () => {
  it('rejects a parameter outside the allowed list with parameter_unknown, allowing expand', () => {
    expect(() => params('email=a&expand[]=x').only(['email'])).not.toThrow()
    expect(errorOf(() => params('emial=a').only(['email']))).toMatchObject({
      status: 400,
      code: 'parameter_unknown',
      param: 'emial',
    })
  })

  it('names nested parameters with brackets in errors', () => {
    const nested = params('invoice_settings[colour]=red').requiredObject('invoice_settings')
    expect(errorOf(() => nested.only(['footer']))).toMatchObject({ param: 'invoice_settings[colour]' })
  })

  it('reads strings and refuses an object where a string belongs', () => {
    expect(params('name=Ada').string('name')).toBe('Ada')
    expect(params('').string('name')).toBeUndefined()
    expect(errorOf(() => params('name[x]=1').string('name'))).toMatchObject({ status: 400, param: 'name' })
  })

  it('answers a missing or empty required string with parameter_missing', () => {
    expect(errorOf(() => params('').requiredString('url'))).toMatchObject({ code: 'parameter_missing', param: 'url' })
    expect(errorOf(() => params('url=').requiredString('url'))).toMatchObject({ code: 'parameter_missing' })
  })

  it('reads an empty string as null for nullable fields', () => {
    expect(params('description=').nullableString('description')).toBeNull()
    expect(params('quantity=').nullableInteger('quantity')).toBeNull()
  })

  it('reads integers and refuses decimals, words and unsafe numbers', () => {
    expect(params('limit=3').integer('limit')).toBe(3)
    expect(params('n=-4').integer('n')).toBe(-4)
    for (const bad of ['1.5', 'ten', '99999999999999999999', '']) {
      expect(errorOf(() => params(`limit=${bad}`).integer('limit'))).toMatchObject({ status: 400, param: 'limit' })
    }
  })

  it('reads booleans only as true or false', () => {
    expect(params('b=true').boolean('b')).toBe(true)
    expect(params('b=false').boolean('b')).toBe(false)
    expect(errorOf(() => params('b=yes').boolean('b'))).toMatchObject({ status: 400 })
  })

  it('reads an enum and lists the allowed values when it is wrong', () => {
    expect(params('mode=payment').enum('mode', ['payment', 'subscription'])).toBe('payment')
    expect(errorOf(() => params('mode=x').enum('mode', ['payment', 'subscription']))).toMatchObject({
      message: 'Invalid mode: must be one of payment, or subscription',
    })
  })

  it('reads arrays of objects with indexed names', () => {
    const items = params('items[0][price]=p1&items[1][price]=p2').array('items') ?? []
    expect(items.map((i) => i.string('price'))).toEqual(['p1', 'p2'])
    expect(errorOf(() => items[0]?.only([]))).toMatchObject({ param: 'items[0][price]' })
    expect(errorOf(() => params('items[0]=p1').array('items'))).toMatchObject({ param: 'items[0]' })
  })

  it('reads a string array from one value or many', () => {
    expect(params('types[]=a&types[]=b').stringArray('types')).toEqual(['a', 'b'])
    expect(params('types=a').stringArray('types')).toEqual(['a'])
    expect(errorOf(() => params('types[0][x]=a').stringArray('types'))).toMatchObject({ status: 400 })
  })

  it('merges metadata: an empty value deletes a key, an empty metadata clears all', () => {
    expect(params('metadata[b]=2&metadata[a]=').metadata('metadata', { a: '1' })).toEqual({ b: '2' })
    expect(params('metadata=').metadata('metadata', { a: '1' })).toEqual({})
    expect(params('').metadata('metadata', { a: '1' })).toBeUndefined()
    const tooMany = Array.from({ length: 51 }, (_, i) => `metadata[k${i}]=v`).join('&')
    expect(errorOf(() => params(tooMany).metadata())).toMatchObject({ status: 400 })
  })

  it('reads expand[] as a list of paths', () => {
    expect(params('expand[0]=customer&expand[1]=latest_invoice.payment_intent').expand()).toEqual([
      'customer',
      'latest_invoice.payment_intent',
    ])
    expect(params('').expand()).toEqual([])
  })
})
