import type { IncomingMessage } from 'node:http'
import { StripeApiError } from './stripe-api-error.js'

const maxBodyBytes = 1024 * 1024

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > maxBodyBytes) {
      throw new StripeApiError(413, 'invalid_request_error', 'Request body too large.')
    }
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}
