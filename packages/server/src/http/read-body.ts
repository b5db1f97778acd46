import { BillingError } from '../errors.js'

/** Reads a request body as text, refusing more than `maxBytes` (413) without buffering past the cap. */
export async function readTextBody(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) throw tooLarge(maxBytes)
  if (!req.body) return ''
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new TextDecoder().decode(bytes)
}

/** Reads a small JSON object body; an empty body is `{}`, anything else not an object is a 400. */
export async function readJsonObject(req: Request, maxBytes = 16 * 1024): Promise<Record<string, unknown>> {
  const text = await readTextBody(req, maxBytes)
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new BillingError('invalid_request', 'The request body is not valid JSON.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BillingError('invalid_request', 'The request body must be a JSON object.')
  }
  return value as Record<string, unknown>
}

function tooLarge(maxBytes: number): BillingError {
  return new BillingError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`)
}
