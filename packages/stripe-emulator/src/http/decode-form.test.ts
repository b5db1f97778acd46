import { describe, expect, it } from 'vitest'
import { decodeForm } from './decode-form.js'
import { StripeApiError } from './stripe-api-error.js'

describe('decodeForm', () => {
  it('decodes flat pairs, + as space and percent escapes', () => {
    expect(decodeForm('email=a%40b.com&name=Ada+Lovelace&empty=')).toEqual({
      email: 'a@b.com',
      name: 'Ada Lovelace',
      empty: '',
    })
  })

  it('nests bracketed keys into objects and numbered keys into arrays in index order', () => {
    expect(decodeForm('items[1][price]=p2&items[0][price]=p1&items[0][quantity]=2&metadata[plan]=pro')).toEqual({
      items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }],
      metadata: { plan: 'pro' },
    })
  })

  it('turns empty brackets into consecutive array entries', () => {
    expect(decodeForm('expand[]=customer&expand[]=latest_invoice')).toEqual({ expand: ['customer', 'latest_invoice'] })
  })

  it('decodes the SDK’s percent-encoded brackets', () => {
    expect(decodeForm('expand%5B0%5D=customer&metadata%5Bk%5D=v')).toEqual({
      expand: ['customer'],
      metadata: { k: 'v' },
    })
  })

  it('keeps a malformed percent escape as written instead of failing', () => {
    expect(decodeForm('name=100%&x=%E0%A4%A')).toEqual({ name: '100%', x: '%E0%A4%A' })
  })

  it('treats a key without = as an empty value and skips empty pairs', () => {
    expect(decodeForm('a&&b=1')).toEqual({ a: '', b: '1' })
  })

  it('never writes to Object.prototype through __proto__ or constructor keys', () => {
    const decoded = decodeForm('__proto__[polluted]=yes&constructor[prototype][polluted]=yes&a[__proto__][b]=c')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(decoded)).toEqual(['__proto__', 'constructor', 'a'])
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
  })

  it('refuses keys nested deeper than any Stripe parameter with a 400', () => {
    const deep = `a${'[x]'.repeat(25)}=1`
    expect(() => decodeForm(deep)).toThrow(StripeApiError)
    expect(() => decodeForm(`a${'[x]'.repeat(10)}=1`)).not.toThrow()
  })
})
