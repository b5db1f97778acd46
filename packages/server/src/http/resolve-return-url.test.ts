import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BillingError } from '../errors.js'
import { formRedirectTarget } from './form-redirect.js'
import { resolveReturnUrl } from './resolve-return-url.js'

const origins = ['https://app.example', 'https://docs.app.example']

/** What a browser does with a Location or return URL: resolve it, and land on that origin and path. */
function landsOnApp(target: string): boolean {
  const url = new URL(target, origins[0])
  return origins.includes(url.origin) && /^https?:$/.test(url.protocol) && !/^\/[/\\]/.test(url.pathname)
}

/** Pieces an attacker builds return paths from: dot segments, encodings, slashes, whitespace, schemes, userinfo. */
const piece = fc.constantFrom(
  '/',
  '//',
  '\\',
  '.',
  '..',
  '%2e',
  '%2E',
  '%2e%2e',
  '%2f',
  '%2F',
  '%5c',
  '\t',
  '\n',
  '\r',
  ' ',
  '\u0000',
  'evil.example',
  'app.example',
  '@',
  ':',
  'user:pw@',
  'javascript:',
  'data:',
  'https:',
  'http:',
  'file:',
  '?',
  '#',
  'x',
  'é',
  '\u3002',
  '\uff0f',
  '\u2215',
  '\uff3c',
  'alert(1)',
)
const attackerPath = fc.oneof(
  fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
  fc.array(piece, { maxLength: 8 }).map((p) => `/${p.join('')}`),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
)

describe('a return or redirect target', () => {
  it.each([
    '/.//evil.example',
    '/..//evil.example',
    '/%2e//evil.example',
    '/x/..//evil.example',
    '/\t/evil.example',
    '/\\evil.example',
    'https://app.example//evil.example',
    'https://user:pw@app.example/settings',
  ])('refuses %j, which resolves off the app or to a protocol-relative path', (path) => {
    expect(() => resolveReturnUrl(path, origins)).toThrow(BillingError)
  })

  it('keeps a plain path, its query and an allowed origin', () => {
    expect(resolveReturnUrl('/billing?tab=card', origins, { visitedAt: 5 })).toBe(
      'https://app.example/billing?tab=card&billing_return=5',
    )
    expect(resolveReturnUrl('https://docs.app.example/x', origins)).toBe('https://docs.app.example/x')
  })

  it('is on an allowed origin for every generated path, or refused', () => {
    fc.assert(
      fc.property(attackerPath, (path) => {
        let url: string
        try {
          url = resolveReturnUrl(path, origins, { visitedAt: 1 })
        } catch (error) {
          return error instanceof BillingError && error.code === 'invalid_return_url'
        }
        return landsOnApp(url)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('the redirect after a form post fails', () => {
  it('goes back to the form’s return path with billing_error', () => {
    const target = formRedirectTarget({ error: 'invalid_request' }, '/pricing', '/settings/billing', origins)
    expect(target).toBe('https://app.example/pricing?billing_error=invalid_request')
  })

  it('goes to the configured path instead of a return path that resolves off-site', () => {
    const target = formRedirectTarget({ error: 'unauthenticated' }, '/.//evil.example', '/settings/billing', origins)
    expect(target).toBe('https://app.example/settings/billing?billing_error=unauthenticated')
  })

  it('lands on the app for every generated return path', () => {
    fc.assert(
      fc.property(attackerPath, (path) =>
        landsOnApp(formRedirectTarget({ error: 'invalid_request' }, path, '/settings/billing', origins)),
      ),
      { numRuns: 2000 },
    )
  })

  it('goes to the session URL Stripe gave when it succeeds', () => {
    const target = formRedirectTarget({ url: 'https://billing.stripe.com/p/session/x' }, '/p', '/s', origins)
    expect(target).toBe('https://billing.stripe.com/p/session/x')
  })
})
