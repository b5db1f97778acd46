import type { IncomingMessage } from 'node:http'
import { StripeApiError } from './stripe-api-error.js'

const maxBodyBytes = 1024 * 1024
/** A body over the limit is still read (and thrown away) up to this size, so the client gets its 413 instead of a reset. */
const maxDrainBytes = 16 * maxBodyBytes

/** Reads a request body as UTF-8; over 1 MiB it answers Stripe-style 413. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of req) {
      const buf = chunk as Buffer
      size += buf.length
      if (size > maxDrainBytes) break
      if (size <= maxBodyBytes) chunks.push(buf)
    }
  } catch {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      'The request body could not be read (the connection was closed).',
    )
  }
  if (size > maxBodyBytes) {
    throw new StripeApiError(413, 'invalid_request_error', 'Request body too large: the limit is 1 MiB.')
  }
  return Buffer.concat(chunks).toString('utf8')
}
