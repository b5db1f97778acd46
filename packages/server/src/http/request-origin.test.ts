import { describe, expect, it } from 'vitest'
import { requestFromHeaders, requestOrigin } from './request-origin.js'

const nextStartUrl = 'http://localhost:3000/api/billing/portal'

describe('the app origin of a request', () => {
  it('is appUrl when configured, whatever the request says', () => {
    const req = new Request(nextStartUrl, { headers: { host: '127.0.0.1:3000' } })
    expect(requestOrigin(req, 'https://app.example/some/path')).toBe('https://app.example')
  })

  it('reads the first x-forwarded-proto and x-forwarded-host behind a proxy', () => {
    const req = new Request('http://10.0.0.5:3000/api/billing/portal', {
      headers: {
        host: '10.0.0.5:3000',
        'x-forwarded-host': 'app.example, proxy.internal',
        'x-forwarded-proto': 'https,http',
      },
    })
    expect(requestOrigin(req)).toBe('https://app.example')
  })

  it('takes the Host header with the request URL protocol under next start (which puts localhost in req.url)', () => {
    const req = new Request(nextStartUrl, { headers: { host: '127.0.0.1:3000' } })
    expect(requestOrigin(req)).toBe('http://127.0.0.1:3000')
  })

  it("falls back to the request URL's origin without any header", () => {
    expect(requestOrigin(new Request(nextStartUrl))).toBe('http://localhost:3000')
  })

  it('ignores a Host header that is not a host', () => {
    const req = new Request(nextStartUrl, { headers: { host: 'bad host/with path' } })
    expect(requestOrigin(req)).toBe('http://localhost:3000')
  })
})

describe('the server action and the route handler', () => {
  it('derive the same origin from the same headers', () => {
    const cases: Record<string, string>[] = [
      { host: '127.0.0.1:3000' },
      { host: 'localhost:3000' },
      { host: '10.0.0.5:3000', 'x-forwarded-host': 'app.example', 'x-forwarded-proto': 'https' },
      { host: '[::1]:3000' },
    ]
    for (const headers of cases) {
      const handler = requestOrigin(new Request(nextStartUrl, { headers }))
      const action = new URL(requestFromHeaders(new Headers(headers)).url).origin
      expect({ headers, action }).toEqual({ headers, action: handler })
    }
  })
})
