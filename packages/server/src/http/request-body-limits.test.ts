import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, type BillingHarness, startBillingHarness } from '../testing/billing-harness.js'

let h: BillingHarness
beforeAll(async () => {
  h = await startBillingHarness()
})
afterAll(() => h.close())

/** A body of `size` bytes of `a=xxxx...` that counts how much of it the server pulled. */
function countedBody(size: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const chunk = new TextEncoder().encode(`a=${'x'.repeat(64 * 1024 - 2)}`)
  let sent = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= size) return controller.close()
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => sent }
}

function post(path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>): Promise<Response> {
  return h.billing.handler(
    new Request(`${appUrl}/api/billing${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
      duplex: 'half',
    } as RequestInit),
  )
}

describe.each(['/portal', '/checkout'])('a form body posted to %s', (path) => {
  it('answers 413 to 48 MiB from a signed-out visitor after reading no more than the 16 KiB cap', async () => {
    h.account = null
    const body = countedBody(48 * 1024 * 1024)
    const res = await post(path, body.stream, { origin: appUrl })
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')
    expect(body.pulled()).toBeLessThanOrEqual(128 * 1024)
  })

  it('refuses a cross-site post before reading any of its body', async () => {
    h.account = { id: 'acct_body', email: 'body@example.com' }
    const body = countedBody(1024 * 1024)
    const res = await post(path, body.stream, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(body.pulled()).toBe(0)
  })
})
