import { BillingError } from '../errors.js'
import { formFields } from './form-redirect.js'

/** Reads a request body as bytes, refusing more than `maxBytes` (413) without buffering past the cap. */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) throw tooLarge(maxBytes)
  if (!req.body) return new Uint8Array(0)
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
  return bytes
}

/** A small JSON object body; an empty body is `{}`, anything else not an object is a 400. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
  const text = new TextDecoder().decode(bytes)
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

/** The string fields of a form body already read (urlencoded or multipart, by `contentType`). */
export async function parseFormFields(
  bytes: Uint8Array<ArrayBuffer>,
  contentType: string,
): Promise<Record<string, string>> {
  try {
    return formFields(await new Response(bytes, { headers: { 'content-type': contentType } }).formData())
  } catch {
    throw new BillingError('invalid_request', 'The form body could not be read.')
  }
}

function tooLarge(maxBytes: number): BillingError {
  return new BillingError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`)
}
